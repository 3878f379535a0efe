"""A forecast as probabilities of every market kind, in canonical codes."""

from __future__ import annotations

import math
from collections import defaultdict
from decimal import Decimal

import pytest

from application.modelling.market_probabilities import (
    MARKETS,
    is_one_x_two_only,
    market_probabilities,
)
from application.ports.prediction_model import Forecast
from domain.goal_matrix import dixon_coles_matrix
from domain.pricing import price_fixture, price_match_result

MATRIX = dixon_coles_matrix(1.6, 1.1, -0.05)


def goal_model_rows() -> list[tuple[str, Decimal | None, str, float]]:
    result = price_match_result(MATRIX)
    forecast = Forecast("f", result.home, result.draw, 1 - result.home - result.draw, goal_matrix=MATRIX)
    return [
        (r.market, r.line, r.selection, r.probability)
        for r in market_probabilities(forecast, price_fixture(MATRIX))
    ]


def test_a_goal_model_prices_every_market_kind_and_each_market_sums_as_it_should() -> None:
    rows = goal_model_rows()
    assert {market for market, *_ in rows} == set(MARKETS)
    assert rows[0][:3] == ("1x2", None, "home")
    sums: dict[tuple[str, Decimal | None], float] = defaultdict(float)
    for market, line, selection, probability in rows:
        assert 0.0 <= probability <= 1.0
        home_line = -line if market == "asian_handicap" and selection == "away" and line else line
        sums[(market, home_line)] += probability
    for (market, line), total in sums.items():
        expected = 2.0 if market == "double_chance" else 1.0  # each outcome is in two of the three
        assert total == pytest.approx(expected, abs=1e-9), (market, line)
    scores = {selection for market, _, selection, _ in rows if market == "correct_score"}
    assert len(scores) == 37
    assert {"0-0", "5-5", "other"} <= scores


def test_a_line_selection_is_its_break_even_probability() -> None:
    rows = {(market, line, selection): p for market, line, selection, p in goal_model_rows()}
    level = price_fixture(MATRIX).asian_handicap[12]  # line 0: a draw is a push
    assert level[0] == 0
    assert rows[("asian_handicap", Decimal(0), "home")] == pytest.approx(1 / level[1].fair_odds)
    result = price_match_result(MATRIX)
    assert rows[("asian_handicap", Decimal(0), "home")] == pytest.approx(
        result.home / (result.home + result.away)
    )
    assert rows[("asian_handicap", Decimal("-0.5"), "home")] == pytest.approx(result.home)
    assert rows[("asian_handicap", Decimal("0.5"), "away")] == pytest.approx(1 - result.home)
    assert not math.isclose(
        rows[("totals", Decimal("2.25"), "over")], rows[("totals", Decimal("2.5"), "over")]
    )


def test_a_1x2_model_prices_1x2_only_and_says_so() -> None:
    rows = market_probabilities(Forecast("f", 0.5, 0.3, 0.2), None)
    assert [(r.market, r.selection, r.probability) for r in rows] == [
        ("1x2", "home", 0.5), ("1x2", "draw", 0.3), ("1x2", "away", 0.2)
    ]  # fmt: skip
    assert is_one_x_two_only(rows)
