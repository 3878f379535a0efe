"""The live selections as each league's chosen strategy sees them (the pipeline's strategy step)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

from application.portfolio.selections import PricedSelection
from application.use_cases.apply_strategy import ApplyStrategy, ApplyStrategyRequest
from application.use_cases.select_strategy import LeagueStrategy, StrategyEvidence
from domain.margin import shin
from domain.odds import Odds
from tests.fakes.container import memory_container, use_case

if TYPE_CHECKING:
    from plugins.manager import PluginStrategyCatalogue

PRICES = {
    "pinnacle": ("2.10", "3.40", "3.70"),
    "bet365": ("2.30", "3.20", "3.30"),
    "bwin": ("2.05", "3.30", "3.80"),
}
MODEL = {"home": 0.40, "draw": 0.30, "away": 0.30}


def _rows(league: str = "E0") -> tuple[PricedSelection, ...]:
    rows = [
        PricedSelection(
            "f1", league, "1x2", selection, bookmaker, Odds.from_decimal(Decimal(price)), MODEL[selection]
        )
        for bookmaker, prices in PRICES.items()
        for selection, price in zip(("home", "draw", "away"), prices, strict=True)
    ]
    over = Odds.from_decimal(Decimal("1.9"))
    rows.append(PricedSelection("f1", league, "totals", "over", "bet365", over, 0.55, Decimal("2.5")))
    return tuple(rows)


def _evidence(strategy: str) -> StrategyEvidence:
    return StrategyEvidence("bt-1", strategy, "2015-2016", "2024-2025", 900, 0.02, 0.018, 0.64, {})


def test_market_consensus_bets_pinnacles_fair_price_at_the_other_bookmakers_only(
    strategies: PluginStrategyCatalogue,
) -> None:
    choice = LeagueStrategy("E0", "market-consensus", "best CLV", _evidence("market-consensus"))
    kept = use_case(memory_container(strategy_catalogue=strategies), ApplyStrategy).execute(
        ApplyStrategyRequest(_rows(), (choice,))
    )
    fair = shin([1 / 2.10, 1 / 3.40, 1 / 3.70])
    assert [(r.bookmaker, r.selection) for r in kept] == [("bet365", "home")]  # 2.30 × 0.464 > 1; others not
    assert kept[0].probability == pytest.approx(fair[0])


def test_a_league_without_a_strategy_bets_nothing_and_the_fallback_keeps_the_models_rows(
    strategies: PluginStrategyCatalogue,
) -> None:
    rows = (*_rows("E0"), *_rows("D1"))
    choices = (LeagueStrategy("E0", None, "negative CLV", _evidence("model-edge")),
               LeagueStrategy("D1", "model-edge", "no stored backtest"))  # fmt: skip
    kept = use_case(memory_container(strategy_catalogue=strategies), ApplyStrategy).execute(
        ApplyStrategyRequest(rows, choices)
    )
    assert kept == _rows("D1")
