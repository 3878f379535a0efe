"""Step definitions for features/bdd/market_quotes.feature: the partner API on fakes of its ports."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from tests.unit.test_quote_by_fixtures import MODEL, PRICES, api_with_priced_fixtures

if TYPE_CHECKING:
    from collections.abc import Iterator

    from tests.unit.test_http_api import Api

scenarios("market_quotes.feature")


@pytest.fixture
def api() -> Iterator[Api]:
    yield from api_with_priced_fixtures()


@pytest.fixture
def asked() -> dict[str, Any]:
    return {}


@given(parsers.parse('the champion model "{model}" version {version:d} has predicted fixtures F1, F2 and F3'))
def champion(api: Api, model: str, version: int) -> None:
    assert (model, version) == MODEL
    assert api.adapters.predictions.models[MODEL] == "champion"


@given("pinnacle, bet365 and the market maximum price their 1x2 and totals 2.5 markets")
def prices(api: Api) -> None:
    books = {quote.bookmaker for quote in api.adapters.latest_prices.quotes}
    assert books == {"pinnacle", "bet365", "maximum"}


@when(parsers.re(r"the partner asks for a quote on fixtures (?P<names>.+) with at most (?P<legs>\d+) legs?"))
def ask(api: Api, asked: dict[str, Any], names: str, legs: str) -> None:
    fixtures = [name.strip() for name in names.replace(" and ", ",").split(",") if name.strip()]
    customer = api.customer()
    body = {"customer_id": customer, "bankroll_id": api.bankroll, "fixtures": fixtures, "max_legs": int(legs)}
    answer = api.client.post("/v1/tickets/quotes", json=body, headers=api.headers("partner"))
    assert answer.status_code == 200, answer.text
    asked.update(customer=customer, quote=answer.json())


def _legs(asked: dict[str, Any]) -> list[dict[str, Any]]:
    return [leg for ticket in asked["quote"]["tickets"] for leg in ticket["legs"]]


@then("the quote has tickets")
def has_tickets(asked: dict[str, Any]) -> None:
    assert asked["quote"]["tickets"]


@then("every leg carries the champion's probability, its model version and its edge")
def lineage(asked: dict[str, Any]) -> None:
    for leg in _legs(asked):
        assert leg["model_version"] == f"{MODEL[0]} v{MODEL[1]}"
        assert 0 < leg["probability"] < 1
        assert leg["edge"] == pytest.approx(leg["probability"] * float(leg["odds"]) - 1)


@then("every quoted ticket is issued unchanged")
def issued(api: Api, asked: dict[str, Any]) -> None:
    for ticket in asked["quote"]["tickets"]:
        legs = [{key: value for key, value in leg.items() if value is not None} for leg in ticket["legs"]]
        body = {"customer_id": asked["customer"], "bankroll_id": api.bankroll, "stake": ticket["stake"],
                "legs": legs}  # fmt: skip
        headers = api.headers("partner", **{"Idempotency-Key": uuid.uuid4().hex})
        answer = api.client.post("/v1/tickets", json=body, headers=headers)
        assert answer.status_code == 201, answer.text
        assert [leg["odds"] for leg in answer.json()["legs"]] == [leg["odds"] for leg in legs]


@then("every leg is at bet365's latest price, the best one can bet with")
def best_price(asked: dict[str, Any]) -> None:
    for leg in _legs(asked):
        line = None if leg["line"] is None else leg["line"]
        key = next(k for k in PRICES if k[0] == leg["market"] and k[2] == leg["selection"]
                   and (k[1] is None) == (line is None))  # fmt: skip
        assert leg["bookmaker"] == "bet365"
        assert float(leg["odds"]) == pytest.approx(float(PRICES[key][1]) + 0.05)


@then("no leg is at the market maximum, which is not a bookmaker")
def no_aggregate(asked: dict[str, Any]) -> None:
    assert all(leg["bookmaker"] != "maximum" for leg in _legs(asked))


@then(parsers.parse("the quote names {fixture} as skipped"))
def skipped(asked: dict[str, Any], fixture: str) -> None:
    assert asked["quote"]["skipped_fixtures"] == [fixture]


@then(parsers.parse("no leg is on {fixture}"))
def not_on(asked: dict[str, Any], fixture: str) -> None:
    assert all(leg["fixture"] != fixture for leg in _legs(asked))
