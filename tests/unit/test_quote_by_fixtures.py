"""A quote by fixture ids: stakewise prices the fixtures with the champion's stored predictions and the
latest stored prices, and each quoted ticket issues as quoted (fakes of the ports; the same use case runs
on PostgreSQL in tests/integration/test_quotes_postgres.py)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from litestar.testing import TestClient

from adapters.http.app import create_app
from adapters.http.settings import ApiSettings
from application.ports.latest_prices import LatestPrice
from tests.catalogue_builders import mirror_into_catalogue
from tests.fakes.container import InMemoryAdapters, memory_container
from tests.fakes.predictions import FixtureFacts
from tests.unit.test_http_api import Api, _setup

if TYPE_CHECKING:
    from collections.abc import Iterator

MODEL = ("dixon-coles/EPL", 3)
# the champion's view, the bookmakers' prices (early then later), per fixture
VIEW = {("1x2", None, "home"): 0.55, ("1x2", None, "draw"): 0.25, ("1x2", None, "away"): 0.20,
        ("totals", Decimal("2.5"), "over"): 0.60, ("totals", Decimal("2.5"), "under"): 0.40}  # fmt: skip
BOOKMAKERS = (("pinnacle", Decimal(0)), ("bet365", Decimal("0.05")), ("maximum", Decimal(1)))
PRICES = {("1x2", None, "home"): ("2.10", "2.00"), ("1x2", None, "draw"): ("3.60", "3.50"),
          ("1x2", None, "away"): ("4.20", "4.00"), ("totals", Decimal("2.5"), "over"): ("1.90", "1.95"),
          ("totals", Decimal("2.5"), "under"): ("1.95", "1.90")}  # fmt: skip


@pytest.fixture
def api() -> Iterator[Api]:
    yield from api_with_priced_fixtures()


def api_with_priced_fixtures() -> Iterator[Api]:
    """The partner API on fakes: fixtures F1-F3 open and predicted by the champion, F9 finished."""
    adapters = InMemoryAdapters()
    container = memory_container(adapters)
    keys, bankroll = _setup(adapters, container)
    now = adapters.clock.now()
    store, book = adapters.predictions, adapters.latest_prices
    store.models[MODEL] = "champion"
    for number in range(1, 4):
        fixture = f"F{number}"
        store.fixtures[fixture] = FixtureFacts("EPL", now + timedelta(days=2))
        for (market, line, selection), probability in VIEW.items():
            store.predictions[(*MODEL, fixture, market, line, selection)] = (probability, number)
        for (market, line, selection), (early, later) in PRICES.items():
            for bookmaker, bump in (
                ("pinnacle", Decimal(0)),
                ("bet365", Decimal("0.05")),
                ("maximum", Decimal(1)),
            ):
                for at, price in ((now - timedelta(days=1), early), (now - timedelta(hours=1), later)):
                    book.quotes.append(LatestPrice(fixture, market, line, selection, bookmaker,
                                                   Decimal(price) + bump, at, False, "b1"))  # fmt: skip
    store.fixtures["F9"] = FixtureFacts("EPL", now - timedelta(days=1), finished=True)
    store.predictions[(*MODEL, "F9", "1x2", None, "home")] = (0.5, 9)
    mirror_into_catalogue(adapters.database, store.fixtures, book.quotes)
    settings = ApiSettings(rate_limit_per_second=1000, rate_limit_burst=1000)
    with TestClient(create_app(container.api_services(), settings)) as client:
        yield Api(client, adapters, container, keys, bankroll)


def quote(api: Api, **body: Any) -> Any:
    customer = api.customer()
    asked = {"customer_id": customer, "bankroll_id": api.bankroll, **body}
    return customer, api.client.post("/v1/tickets/quotes", json=asked, headers=api.headers("partner"))


def test_stakewise_prices_the_fixtures_and_the_quoted_tickets_issue_as_quoted(api: Api) -> None:
    customer, answer = quote(api, fixtures=["F1", "F2", "F3", "F9"], max_legs=2)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["tickets"]
    assert body["skipped_fixtures"] == ["F9"]
    for ticket in body["tickets"]:
        for leg in ticket["legs"]:
            latest = PRICES[(leg["market"], None if leg["line"] is None else Decimal(leg["line"]),
                             leg["selection"])][1]  # fmt: skip
            assert leg["bookmaker"] == "bet365"  # the best bettable price; the aggregate is not a bookmaker
            assert Decimal(leg["odds"]) == Decimal(latest) + Decimal("0.05")  # the latest price, as stored
            assert leg["model_version"] == f"{MODEL[0]} v{MODEL[1]}"
            assert leg["edge"] == pytest.approx(leg["probability"] * float(leg["odds"]) - 1)
        legs = [{key: value for key, value in leg.items() if value is not None} for leg in ticket["legs"]]
        headers = api.headers("partner", **{"Idempotency-Key": uuid.uuid4().hex})
        asked = {"customer_id": customer, "bankroll_id": api.bankroll, "stake": ticket["stake"], "legs": legs}
        issued = api.client.post("/v1/tickets", headers=headers, json=asked)
        assert issued.status_code == 201, issued.text


def test_a_partner_probability_overrides_stakewise_s_for_that_selection(api: Api) -> None:
    override = {"fixture": "F1", "competition": "EPL", "market": "1x2", "selection": "away",
                "bookmaker": "any", "odds": "9.00", "probability": 0.5}  # fmt: skip
    home = {**override, "selection": "home", "probability": 0.25}  # the market still sums to 1
    _, answer = quote(api, fixtures=["F1"], proposals=[override, home], max_legs=1)
    assert answer.status_code == 200, answer.text
    legs = [leg for ticket in answer.json()["tickets"] for leg in ticket["legs"]]
    assert {(leg["selection"], leg["probability"], leg["model_version"]) for leg in legs} >= {
        ("away", 0.5, None)
    }
    assert all(Decimal(leg["odds"]) < 9 for leg in legs)  # the price is still the stored one


@pytest.mark.parametrize(
    ("body", "rule"),
    [
        ({"fixtures": ["F9", "nope"]}, "NotQuotable"),
        ({"fixtures": ["F1"], "proposals": [{"fixture": "F1", "competition": "EPL", "market": "btts",
          "selection": "yes", "bookmaker": "x", "odds": "2.00", "probability": 0.5}]}, "UnknownSelection"),
    ],
)  # fmt: skip
def test_what_stakewise_cannot_price_is_refused_by_rule(api: Api, body: dict[str, Any], rule: str) -> None:
    _, answer = quote(api, **body)
    assert answer.status_code == 422, answer.text
    assert answer.json()["rule"] == rule, answer.text


def test_a_quote_needs_fixtures_or_proposals(api: Api) -> None:
    _, answer = quote(api)
    assert answer.status_code == 422
    assert "fixtures" in answer.json()["detail"]
    _, unknown = quote(api, fixtures=["F1"], extra=1)
    assert unknown.status_code == 400
