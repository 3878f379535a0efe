"""The built-in strategies: whose probability, whose prices, which thresholds."""

from __future__ import annotations

import pytest

from application.modelling.records import PriceTriple
from application.ports.betting_strategy import StrategyInput
from domain.errors import DomainError
from domain.margin import shin
from plugins.manager import PluginStrategyCatalogue, UnknownPluginItem

PRICES = {
    "pinnacle": PriceTriple(2.10, 3.40, 3.70),
    "bet365": PriceTriple(2.20, 3.30, 3.40),
    "william-hill": PriceTriple(2.05, 3.50, 3.60),
    "average": PriceTriple(2.08, 3.35, 3.50),
    "maximum": PriceTriple(2.25, 3.60, 3.80),
}


def test_market_consensus_believes_pinnacle_de_vigged_by_shin_and_bets_elsewhere(
    strategies: PluginStrategyCatalogue,
) -> None:
    opinion = strategies.create("market-consensus").opinion(StrategyInput("f1", PRICES))
    assert opinion is not None
    expected = shin([1 / 2.10, 1 / 3.40, 1 / 3.70])
    assert opinion.probabilities == pytest.approx(expected, abs=1e-9)
    assert opinion.bookmakers == frozenset({"bet365", "william-hill"})


def test_market_consensus_falls_back_to_the_market_average_and_needs_one_of_them(
    strategies: PluginStrategyCatalogue,
) -> None:
    strategy = strategies.create("market-consensus")
    without_pinnacle = {k: v for k, v in PRICES.items() if k != "pinnacle"}
    opinion = strategy.opinion(StrategyInput("f1", without_pinnacle))
    assert opinion is not None
    assert opinion.probabilities == pytest.approx(shin([1 / 2.08, 1 / 3.35, 1 / 3.50]), abs=1e-9)
    assert strategy.opinion(StrategyInput("f1", {"bet365": PRICES["bet365"]})) is None


def test_model_edge_bets_the_models_probability_at_every_real_bookmaker(
    strategies: PluginStrategyCatalogue,
) -> None:
    strategy = strategies.create("model-edge")
    assert strategy.model == "dixon-coles"
    assert strategy.opinion(StrategyInput("f1", PRICES)) is None
    opinion = strategy.opinion(StrategyInput("f1", PRICES, (0.5, 0.3, 0.2)))
    assert opinion is not None
    assert opinion.probabilities == (0.5, 0.3, 0.2)
    assert opinion.bookmakers == frozenset({"pinnacle", "bet365", "william-hill"})


def test_blend_mixes_model_and_sharp_probabilities_by_its_weight(strategies: PluginStrategyCatalogue) -> None:
    sharp = shin([1 / 2.10, 1 / 3.40, 1 / 3.70])
    opinion = strategies.create("blend", {"weight": 0.5}).opinion(
        StrategyInput("f1", PRICES, (0.6, 0.2, 0.2))
    )
    assert opinion is not None
    assert opinion.probabilities == pytest.approx(
        [(0.6 + sharp[0]) / 2, (0.2 + sharp[1]) / 2, (0.2 + sharp[2]) / 2]
    )


def test_thresholds_are_parameters_and_unknown_ones_are_refused(strategies: PluginStrategyCatalogue) -> None:
    strategy = strategies.create("market-consensus", {"min_expected_value": 0.03, "max_odds": 5})
    assert strategy.filters.min_expected_value == 0.03
    assert float(strategy.filters.max_odds) == 5.0
    with pytest.raises(DomainError, match=r"has no parameter 'edge'.*min_expected_value"):
        strategies.create("market-consensus", {"edge": 0.1})
    with pytest.raises(DomainError, match="de-vig"):
        strategies.create("market-consensus", {"devig": "magic"})
    with pytest.raises(UnknownPluginItem, match=r"unknown strategy 'martingale'.*market-consensus"):
        strategies.create("martingale")
