"""Step definitions for features/bdd/staking.feature: Kelly staking from domain.staking."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from domain.odds import Odds
from domain.staking import (
    capped_kelly,
    expected_log_growth,
    fractional_kelly,
    kelly_fraction,
    simultaneous_kelly,
    stake_amount,
)

scenarios("staking.feature")

MARKET = (
    "a match where home pays {home} and wins {p_home:d}% of the time, the draw pays {draw} and comes "
    "{p_draw:d}% of the time, and away pays {away} and wins {p_away:d}% of the time"
)


@dataclass
class Sizing:
    probabilities: list[float] = field(default_factory=list)
    odds: list[Odds] = field(default_factory=list)
    fractions: list[float] = field(default_factory=list)
    bankroll: Decimal = Decimal(0)
    stake: Decimal = Decimal(0)


@pytest.fixture
def sizing() -> Sizing:
    return Sizing()


def percent(value: str) -> float:
    return float(value) / 100


@given(parsers.parse("a bet at odds {odds} that wins {chance:d}% of the time"))
def single_bet(sizing: Sizing, odds: str, chance: int) -> None:
    sizing.probabilities, sizing.odds = [chance / 100], [Odds(Decimal(odds))]


@given(parsers.parse(MARKET))
def match_market(
    sizing: Sizing, home: str, p_home: int, draw: str, p_draw: int, away: str, p_away: int
) -> None:
    sizing.probabilities = [p_home / 100, p_draw / 100, p_away / 100]
    sizing.odds = [Odds(Decimal(price)) for price in (home, draw, away)]


@given(parsers.parse("a bankroll of {amount}"))
def bankroll_of(sizing: Sizing, amount: str) -> None:
    sizing.bankroll = Decimal(amount)


@when("the stake is sized with full Kelly")
def full_kelly(sizing: Sizing) -> None:
    sizing.fractions = [kelly_fraction(sizing.probabilities[0], sizing.odds[0])]


@when("the stake is sized with quarter Kelly")
def quarter_kelly(sizing: Sizing) -> None:
    sizing.fractions = [fractional_kelly(sizing.probabilities[0], sizing.odds[0], 0.25)]


@when(parsers.parse("the stake is sized with full Kelly capped at {cap:d}% of the bankroll"))
def kelly_with_cap(sizing: Sizing, cap: int) -> None:
    sizing.fractions = [capped_kelly(sizing.probabilities[0], sizing.odds[0], cap / 100)]


@when("the stakes are sized together with simultaneous Kelly")
def together(sizing: Sizing) -> None:
    sizing.fractions = list(simultaneous_kelly(sizing.probabilities, sizing.odds).fractions)


@when(
    parsers.parse(
        "the stakes are sized together with simultaneous Kelly, at most {cap:d}% of the bankroll in all"
    )
)
def together_capped(sizing: Sizing, cap: int) -> None:
    sizing.fractions = list(simultaneous_kelly(sizing.probabilities, sizing.odds, cap / 100).fractions)


@when(parsers.parse("{share}% of it is staked"))
def share_staked(sizing: Sizing, share: str) -> None:
    sizing.stake = stake_amount(sizing.bankroll, percent(share))


@then(parsers.parse("{share}% of the bankroll is staked"))
def staked_share(sizing: Sizing, share: str) -> None:
    assert sizing.fractions == [pytest.approx(percent(share), abs=1e-12)]


@then(parsers.parse("{home}% goes on home, {draw}% on the draw and {away}% on away"))
def staked_shares(sizing: Sizing, home: str, draw: str, away: str) -> None:
    expected = [percent(home), percent(draw), percent(away)]
    assert sizing.fractions == [pytest.approx(share, abs=1e-12) for share in expected]


@then(parsers.parse("the draw returns {expected} per 1.00 staked on average, yet it is staked"))
def hedge_below_one(sizing: Sizing, expected: str) -> None:
    assert sizing.probabilities[1] * float(sizing.odds[1]) == pytest.approx(float(expected))
    assert float(expected) < 1
    assert sizing.fractions[1] > 0


@then("the bankroll is expected to grow faster than with Kelly on home alone")
def hedge_pays(sizing: Sizing) -> None:
    home_only = [kelly_fraction(sizing.probabilities[0], sizing.odds[0]), 0.0, 0.0]
    growth = expected_log_growth(sizing.fractions, sizing.probabilities, sizing.odds)
    assert growth > expected_log_growth(home_only, sizing.probabilities, sizing.odds)


@then(parsers.parse("the stake is {amount}"))
def stake_is(sizing: Sizing, amount: str) -> None:
    assert sizing.stake == Decimal(amount)
