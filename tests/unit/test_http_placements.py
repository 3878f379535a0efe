"""The HTTP edge of placing: an issued ticket is placed in the same request and shows its placements;
alerts are listed for quants and auditors."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from decimal import Decimal

from application.ports.current_prices import CurrentPrice, PriceKey
from domain.alerts import Alert, AlertKind
from tests.catalogue_builders import fixture_id
from tests.unit.test_http_api import Api, api

__all__ = ["api"]  # the fixture, shared with test_http_api.py


def _price(api: Api, price: str) -> None:
    key = PriceKey(fixture_id("F1"), "1x2", "home", "pinnacle")
    api.adapters.bookmaking.prices.quote(
        key, CurrentPrice(Decimal(price), datetime(2024, 1, 1, tzinfo=UTC), False)
    )


def test_an_issued_ticket_is_placed_and_shows_its_placement(api: Api) -> None:
    _price(api, "2.15")
    headers = api.headers("partner", **{"Idempotency-Key": "k1"})
    issued = api.client.post("/v1/tickets", json=api.ticket_body(api.customer()), headers=headers)

    assert issued.status_code == 201, issued.text
    body = issued.json()
    assert body["status"] == "placed"
    (placement,) = body["placements"]
    assert placement["status"] == "accepted"
    assert placement["accepted_odds"] == "2.15"
    assert placement["matched_stake"] == "10.00"
    assert placement["bet_ref"].startswith("paper-")
    fetched = api.client.get(f"/v1/tickets/{body['id']}", headers=api.headers("partner")).json()
    assert fetched["placements"] == body["placements"]


def test_a_ticket_the_bookmaker_rejects_is_issued_rejected_and_its_stake_released(api: Api) -> None:
    _price(api, "2.00")
    headers = api.headers("partner", **{"Idempotency-Key": "k1"})
    issued = api.client.post("/v1/tickets", json=api.ticket_body(api.customer()), headers=headers)

    assert issued.status_code == 201
    assert issued.json()["status"] == "rejected"
    assert issued.json()["placements"][0]["reason"] == "price_moved"
    bankroll = api.client.get(f"/v1/bankrolls/{api.bankroll}", headers=api.headers("partner")).json()
    assert (bankroll["available"], bankroll["at_risk"]) == ("100.00", "0.00")


def test_alerts_are_listed_newest_first_for_quants_and_auditors_only(api: Api) -> None:
    for minute, key in ((1, "a"), (2, "b")):
        alert = Alert(AlertKind.LIMIT_CHANGE, key, "bookmaker coral", f"change {key}",
                      datetime(2025, 1, 1, 12, minute, tzinfo=UTC), {"bookmaker": "coral"})  # fmt: skip
        asyncio.run(api.adapters.alerts.add(alert))

    listed = api.client.get("/v1/alerts", headers=api.headers("quant"), params={"limit": 1})
    rest = api.client.get("/v1/alerts", headers=api.headers("auditor"),
                          params={"cursor": listed.json()["next_cursor"]})  # fmt: skip

    assert [a["message"] for a in listed.json()["items"]] == ["change b"]
    assert [a["kind"] for a in rest.json()["items"]] == ["limit_change"]
    assert rest.json()["next_cursor"] is None
    assert api.client.get("/v1/alerts", headers=api.headers("partner")).status_code == 403
