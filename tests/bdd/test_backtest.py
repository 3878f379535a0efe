"""Step definitions for features/bdd/backtest.feature: CLV of a bet, and the pipeline's strategy choice."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from application.backtest.engine import closing_value
from application.modelling.records import MatchRecord, PriceTriple
from application.ports.backtest_store import StoredBacktest
from application.use_cases.select_strategy import LeagueStrategy, SelectStrategy
from domain.margin import shin
from domain.odds import Odds
from tests.fakes.backtests import InMemoryBacktestStore
from tests.fakes.container import memory_container, use_case

scenarios("backtest.feature")

SELECTION = {"home win": "home", "draw": "draw", "away win": "away"}


@dataclass
class Bet:
    selection: str = "home"
    odds: Decimal = Decimal(2)
    closing: dict[str, PriceTriple] = field(default_factory=dict)
    clv: float | None = None
    source: str | None = None


@dataclass
class Evidence:
    store: InMemoryBacktestStore = field(default_factory=InMemoryBacktestStore)
    count: int = 0
    choice: LeagueStrategy | None = None


@pytest.fixture
def bet() -> Bet:
    return Bet()


@pytest.fixture
def evidence() -> Evidence:
    return Evidence()


@given(parsers.parse("a bet on the {what} taken at odds {odds}"))
def a_bet(bet: Bet, what: str, odds: str) -> None:
    bet.selection, bet.odds = SELECTION[what], Decimal(odds)


@given(parsers.parse("{who} closes the match at {home} home, {draw} draw, {away} away"))
def closes(bet: Bet, who: str, home: str, draw: str, away: str) -> None:
    key = {"Pinnacle": "pinnacle", "the market average": "average"}[who]
    bet.closing[key] = PriceTriple(float(home), float(draw), float(away))


@given("no bookmaker's closing price is known")
def no_close(bet: Bet) -> None:
    bet.closing.clear()


@when("its closing-line value is measured")
def measure(bet: Bet) -> None:
    closing = tuple(sorted(bet.closing.items()))
    match = MatchRecord("f1", "E0", "2024-2025", datetime(2024, 9, 1, 15, tzinfo=UTC), "A", "B", home_goals=1,
                        away_goals=0, closing_prices=closing)  # fmt: skip
    bet.clv, bet.source = closing_value(match, bet.selection, Odds.from_decimal(bet.odds))


@then(parsers.parse("the fair closing probability of the home win is {percent}% by Shin's method"))
def fair_probability(bet: Bet, percent: str) -> None:
    prices = bet.closing["pinnacle"]
    fair = shin([1 / prices.home, 1 / prices.draw, 1 / prices.away])[0]
    assert round(100 * fair, 1) == float(percent)


@then(parsers.parse("the closing-line value is {value}%"))
def clv_is(bet: Bet, value: str) -> None:
    assert bet.clv is not None
    assert round(100 * bet.clv, 1) == float(value)


@then("the closing-line value is measured against the average")
def against_average(bet: Bet) -> None:
    assert bet.source == "average"


@then("the bet has no closing-line value")
def no_clv(bet: Bet) -> None:
    assert bet.clv is None
    assert bet.source is None


@given(parsers.parse("a stored backtest of {league} where {strategy} has a mean CLV of {clv}%"))
def stored_backtest(evidence: Evidence, league: str, strategy: str, clv: str) -> None:
    evidence.count += 1
    run = StoredBacktest(
        backtest_id=f"bt-{evidence.count}", created_at=datetime(2026, 12, 1, tzinfo=UTC)
        + timedelta(minutes=evidence.count), leagues=(league,), first_season="2015-2016",
        last_season="2024-2025", strategy=strategy, staking="optimizer", bets=500, roi=0.01,
        clv_mean=float(clv) / 100, clv_positive_share=0.55, document={"strategy_parameters": {}},
    )  # fmt: skip
    asyncio.run(evidence.store.save(run))


@given(parsers.parse("no stored backtest of {league}"))
def no_backtest(evidence: Evidence, league: str) -> None:
    assert asyncio.run(evidence.store.for_league(league)) == []


@when(parsers.parse("the pipeline chooses its strategy for {league}"))
def choose(evidence: Evidence, league: str) -> None:
    selecting = use_case(memory_container(backtest_store=evidence.store), SelectStrategy)
    (evidence.choice,) = asyncio.run(selecting.execute([league]))


@then(parsers.parse("it bets with {strategy}"))
def bets_with(evidence: Evidence, strategy: str) -> None:
    assert evidence.choice is not None
    assert evidence.choice.strategy == strategy


@then(
    parsers.parse(
        "it bets nothing in {league} and says that every backtested strategy has a negative mean CLV"
    )
)
def bets_nothing(evidence: Evidence, league: str) -> None:
    assert evidence.choice is not None
    assert evidence.choice.strategy is None
    assert f"nothing is bet in {league}" in evidence.choice.reason
    assert "negative mean CLV" in evidence.choice.reason


@then(parsers.parse("it says there is no stored backtest of {league}"))
def says_no_backtest(evidence: Evidence, league: str) -> None:
    assert evidence.choice is not None
    assert f"no stored backtest of {league}" in evidence.choice.reason
