"""Step definitions for features/bdd/asian_lines.feature: line bets settled with domain.lines."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pytest_bdd import given, parsers, scenarios, then, when

from domain.lines import LineOutcome, settle_handicap, settle_over

scenarios("asian_lines.feature")

SETTLES = {
    "wins": LineOutcome.WIN,
    "wins half the stake": LineOutcome.HALF_WIN,
    "is void": LineOutcome.PUSH,
    "loses half the stake": LineOutcome.HALF_LOSS,
    "loses": LineOutcome.LOSS,
}


@dataclass
class Bet:
    stake: Decimal
    market: str
    line: str
    odds: Decimal
    outcome: LineOutcome | None = None


@given(
    parsers.parse("a stake of {stake} on the home team at Asian handicap {line} at odds {odds}"),
    target_fixture="bet",
)
def home_handicap_bet(stake: str, line: str, odds: str) -> Bet:
    return Bet(Decimal(stake), "handicap", line, Decimal(odds))


@given(parsers.parse("a stake of {stake} on over {line} goals at odds {odds}"), target_fixture="bet")
def over_bet(stake: str, line: str, odds: str) -> Bet:
    return Bet(Decimal(stake), "over", line, Decimal(odds))


@when(parsers.parse("the match ends {home:d}-{away:d}"))
def match_ends(bet: Bet, home: int, away: int) -> None:
    if bet.market == "handicap":
        bet.outcome = settle_handicap(home, away, bet.line)
    else:
        bet.outcome = settle_over(home + away, bet.line)


@then(parsers.parse("the bet {settles}"))
def bet_settles(bet: Bet, settles: str) -> None:
    assert bet.outcome is SETTLES[settles]


@then(parsers.parse("the bettor gets {amount} back"))
def bettor_gets_back(bet: Bet, amount: str) -> None:
    assert bet.outcome is not None
    assert bet.stake * bet.outcome.return_multiplier(bet.odds) == Decimal(amount)
