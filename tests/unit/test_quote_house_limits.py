"""A quote keeps the house limits that issuing applies (MaxCombinedOdds, MaxPotentialReturn): a quoted
ticket is never refused by them when it is issued."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from litestar.testing import TestClient

from adapters.http.app import create_app
from adapters.http.settings import ApiSettings
from domain.tickets import HouseLimits
from tests.fakes.container import InMemoryAdapters, memory_container
from tests.unit.test_http_api import Api, _setup

if TYPE_CHECKING:
    from collections.abc import Iterator

PRICES = (("home", "2.30", 0.47), ("draw", "3.40", 0.27), ("away", "3.50", 0.26))


def api_with(limits: HouseLimits) -> Iterator[Api]:
    adapters = InMemoryAdapters(house_limits=limits)
    container = memory_container(adapters)
    keys, bankroll = _setup(adapters, container)
    settings = ApiSettings(rate_limit_per_second=1000, rate_limit_burst=1000)
    with TestClient(create_app(container.api_services(), settings)) as client:
        yield Api(client, adapters, container, keys, bankroll)


def quoted(limits: HouseLimits) -> list[dict[str, Any]]:
    for api in api_with(limits):
        proposals = [
            {"fixture": f"F{i}", "competition": "EPL", "market": "1x2", "selection": selection,
             "bookmaker": "pin", "odds": odds, "probability": probability}
            for i in range(3) for selection, odds, probability in PRICES
        ]  # fmt: skip
        body = {"customer_id": api.customer(), "bankroll_id": api.bankroll, "proposals": proposals}
        answer = api.client.post("/v1/tickets/quotes", json=body, headers=api.headers("partner"))
        assert answer.status_code == 200, answer.text
        return list(answer.json()["tickets"])
    raise AssertionError("no API")


@pytest.fixture(scope="module")
def unlimited() -> list[dict[str, Any]]:
    return quoted(HouseLimits())


def test_without_tight_limits_the_quote_has_accumulators_and_long_odds(
    unlimited: list[dict[str, Any]],
) -> None:
    assert any(len(t["legs"]) > 1 for t in unlimited)
    assert max(Decimal(t["odds"]) for t in unlimited) > Decimal("3.45")


def test_no_quoted_ticket_is_above_the_house_combined_odds_limit(unlimited: list[dict[str, Any]]) -> None:
    tickets = quoted(HouseLimits(max_combined_odds=Decimal("3.45")))
    assert tickets
    assert all(Decimal(t["odds"]) <= Decimal("3.45") for t in tickets)
    assert all(len(t["legs"]) == 1 for t in tickets)


def test_no_quoted_ticket_could_pay_more_than_the_house_return_limit(unlimited: list[dict[str, Any]]) -> None:
    highest = max(Decimal(t["stake"]) * Decimal(t["odds"]) for t in unlimited)
    limit = (highest / 2).quantize(Decimal("0.01"))
    tickets = quoted(HouseLimits(max_potential_return=limit))
    assert tickets
    assert highest > limit
    assert all(Decimal(t["stake"]) * Decimal(t["odds"]) <= limit for t in tickets)


def test_a_ticket_above_the_odds_limit_takes_nothing_and_the_return_limit_caps_its_stake() -> None:
    from application.portfolio.limits import PortfolioLimits, StakeCaps
    from domain.compliance import PolicyLimits

    limits = PortfolioLimits(max_combined_odds=Decimal(10), max_potential_return=Decimal("100.00"))
    caps = StakeCaps.combine(Decimal("100000.00"), limits, PolicyLimits())
    assert caps.stake_cap("pin", Decimal("10.5")) == 0
    assert caps.stake_cap("pin", Decimal(3)) == Decimal("33.33")
    assert StakeCaps.combine(Decimal("100.00"), limits, PolicyLimits()).stake_cap("pin", Decimal(3)) == 5
