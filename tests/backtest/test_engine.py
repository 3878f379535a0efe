"""The day-by-day replay: decisions from what was known before the day, settlement, CLV, staking modes."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

from application.backtest.engine import (
    BacktestSettings,
    CustomerLimits,
    SeasonBacktest,
    Staking,
    decision_days,
)
from application.modelling.features.builder import build_features
from application.modelling.runs import resolve_models
from tests.backtest_builders import priced_league, scrambled

if TYPE_CHECKING:
    from datetime import date

    from application.modelling.records import MatchRecord
    from plugins.manager import PluginModelCatalogue, PluginStrategyCatalogue

SEASON = "2017-2018"


@pytest.fixture(scope="module")
def league() -> list[MatchRecord]:
    return priced_league(seasons=3)


def _middle_day(league: list[MatchRecord]) -> date:
    days = decision_days([m for m in league if m.season == SEASON])
    return days[len(days) // 2][0]


def _after(league: list[MatchRecord], day: date) -> list[MatchRecord]:
    rng = random.Random(5)
    return [scrambled(m, rng) if m.cutoff.date() > day else m for m in league]


@pytest.mark.parametrize("strategy_name", ["market-consensus", "model-edge"])
def test_altering_every_price_and_result_after_a_day_leaves_that_days_decisions_unchanged(
    league: list[MatchRecord],
    engine: SeasonBacktest,
    strategies: PluginStrategyCatalogue,
    models: PluginModelCatalogue,
    strategy_name: str,
) -> None:
    strategy = strategies.create(strategy_name)
    chosen = resolve_models(models, [strategy.model]) if strategy.model else {}
    settings = BacktestSettings(staking=Staking.OPTIMIZER, scenarios=100)
    day = _middle_day(league)
    altered = _after(league, day)

    before = engine.decisions(league, build_features(league), SEASON, strategy, chosen, settings)
    after = engine.decisions(altered, build_features(altered), SEASON, strategy, chosen, settings)

    up_to_day = {d: rows for d, rows in before.items() if d <= day}
    assert up_to_day, "no bet up to the decision day: the test would prove nothing"
    assert {d: rows for d, rows in after.items() if d <= day} == up_to_day
    assert {d: rows for d, rows in after.items() if d > day} != {d: r for d, r in before.items() if d > day}


def test_market_consensus_bets_settle_by_the_rules_and_carry_their_closing_line_value(
    league: list[MatchRecord], engine: SeasonBacktest, strategies: PluginStrategyCatalogue
) -> None:
    run = engine.run(league, {}, SEASON, strategies.create("market-consensus"), {}, BacktestSettings(
        staking=Staking.FLAT))  # fmt: skip
    by_id = {m.fixture_id: m for m in league}
    assert run.bets
    for bet in run.bets:
        match = by_id[bet.fixture_id]
        outcome = ("home", "draw", "away")[int(match.outcome)]
        assert bet.won == (bet.selection == outcome)
        assert bet.payout == (
            (bet.stake * bet.odds).quantize(Decimal("0.01"), "ROUND_DOWN") if bet.won else 0
        )
        assert bet.bookmaker not in ("pinnacle", "average")
        assert dict(match.early_prices)[bet.bookmaker] is not None
        assert bet.expected_value > 0
        assert bet.clv is not None
        assert bet.closing_source == "pinnacle"
    balance = run.bankroll + sum((bet.profit for bet in run.bets), Decimal(0))
    assert run.days[-1].end_balance == balance


def test_a_flat_stake_is_one_percent_of_the_starting_bankroll_and_a_customer_cap_binds(
    league: list[MatchRecord], engine: SeasonBacktest, strategies: PluginStrategyCatalogue
) -> None:
    strategy = strategies.create("market-consensus")
    flat = engine.run(league, {}, SEASON, strategy, {}, BacktestSettings(staking=Staking.FLAT))
    assert {bet.stake for bet in flat.bets} == {Decimal("10.00")}
    capped = BacktestSettings(staking=Staking.KELLY, customer=CustomerLimits(max_stake_per_ticket=Decimal(3)))
    kelly = engine.run(league, {}, SEASON, strategy, {}, capped)
    assert kelly.bets
    assert max(bet.stake for bet in kelly.bets) <= Decimal(3)


def test_bets_without_a_closing_price_have_no_clv(
    league: list[MatchRecord], engine: SeasonBacktest, strategies: PluginStrategyCatalogue
) -> None:
    from dataclasses import replace

    unclosed = [replace(m, closing_prices=()) for m in league]
    run = engine.run(unclosed, {}, SEASON, strategies.create("market-consensus"), {},
                     BacktestSettings(staking=Staking.FLAT))  # fmt: skip
    assert run.bets
    assert all(bet.clv is None and bet.closing_source is None for bet in run.bets)


def test_a_reached_drawdown_rule_refuses_every_later_stake(
    league: list[MatchRecord], engine: SeasonBacktest, strategies: PluginStrategyCatalogue
) -> None:
    from domain.risk import MaxDrawdown

    settings = BacktestSettings(staking=Staking.FLAT, risk_rules=(MaxDrawdown(Decimal("0.02")),))
    run = engine.run(league, {}, SEASON, strategies.create("market-consensus"), {}, settings)
    peak, stopped_on = settings.bankroll, None
    for day in run.days:
        if stopped_on is None and day.start_balance <= peak * Decimal("0.98"):
            stopped_on = day.day
        peak = max(peak, day.end_balance)
    assert stopped_on is not None
    assert run.refused > 0
    assert all(bet.day < stopped_on for bet in run.bets), "no stake once the balance is 2 % below its peak"
