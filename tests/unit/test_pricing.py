from __future__ import annotations

import math
import random
from dataclasses import astuple
from decimal import Decimal
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.errors import InvalidMarket
from domain.goal_matrix import GoalMatrix, dixon_coles_matrix
from domain.pricing import (
    FixturePrices,
    LinePrices,
    price_asian_handicap,
    price_draw_no_bet,
    price_fixture,
    price_match_result,
    price_total,
)
from tests.unit.poisson_reference import probability_that, scores

_rng = random.Random(7)
RANDOM_XG = [(round(_rng.uniform(0.3, 3.5), 3), round(_rng.uniform(0.3, 3.5), 3)) for _ in range(6)]


@st.composite
def dixon_coles_inputs(draw: st.DrawFn) -> tuple[float, float, float]:
    home_xg = draw(st.floats(min_value=0.05, max_value=8.0))
    away_xg = draw(st.floats(min_value=0.05, max_value=8.0))
    lowest = -1.0 / max(home_xg, away_xg)
    highest = min(1.0, 1.0 / (home_xg * away_xg))
    rho = draw(st.floats(min_value=lowest, max_value=highest))
    return home_xg, away_xg, rho


def market_sums(prices: FixturePrices) -> list[float]:
    fixed: list[Any] = [
        prices.match_result,
        prices.double_chance,
        prices.draw_no_bet,
        prices.both_teams_to_score,
    ]
    sums = [math.fsum(astuple(market)) for market in fixed]
    sums[1] /= 2  # each result is in two of the three double chances
    score = prices.correct_score
    sums.append(math.fsum(p for _, _, p in score.scores) + score.other)
    sums += [math.fsum(astuple(line)) for _, line in prices.totals + prices.asian_handicap]
    return sums


def by_line(ladder: tuple[tuple[Decimal, LinePrices], ...]) -> dict[str, LinePrices]:
    return {str(line): prices for line, prices in ladder}


@pytest.mark.parametrize(("home_xg", "away_xg"), [(1.6, 1.1), *RANDOM_XG])
def test_markets_match_an_independent_poisson_calculation(home_xg: float, away_xg: float) -> None:
    prices = price_fixture(dixon_coles_matrix(home_xg, away_xg))
    table = scores(home_xg, away_xg)
    expected = {
        "home": probability_that(table, lambda h, a: h > a),
        "draw": probability_that(table, lambda h, a: h == a),
        "over 2.5": probability_that(table, lambda h, a: h + a >= 3),
        "btts": probability_that(table, lambda h, a: h > 0 and a > 0),
        "home by 2+": probability_that(table, lambda h, a: h - a >= 2),
        "2-1": table[2, 1],
    }
    totals, handicaps = by_line(prices.totals), by_line(prices.asian_handicap)
    got = {
        "home": prices.match_result.home,
        "draw": prices.match_result.draw,
        "over 2.5": totals["2.5"].win,
        "btts": prices.both_teams_to_score.yes,
        "home by 2+": handicaps["-1.5"].win,
        "2-1": next(p for h, a, p in prices.correct_score.scores if (h, a) == (2, 1)),
    }
    for name, value in expected.items():
        assert got[name] == pytest.approx(value, abs=1e-9), name


@settings(max_examples=40, deadline=None)
@given(dixon_coles_inputs())
def test_every_market_sums_to_one(inputs: tuple[float, float, float]) -> None:
    prices = price_fixture(dixon_coles_matrix(*inputs))
    assert max(abs(total - 1.0) for total in market_sums(prices)) < 1e-9


@settings(max_examples=40, deadline=None)
@given(dixon_coles_inputs())
def test_asian_lines_agree_with_the_match_result(inputs: tuple[float, float, float]) -> None:
    prices = price_fixture(dixon_coles_matrix(*inputs))
    result, handicaps = prices.match_result, by_line(prices.asian_handicap)
    level, minus_quarter = handicaps["0"], handicaps["-0.25"]
    assert level.win / (level.win + level.loss) == pytest.approx(prices.draw_no_bet.home, abs=1e-9)
    assert level.push == pytest.approx(result.draw, abs=1e-12)
    assert (minus_quarter.win, minus_quarter.half_loss, minus_quarter.loss) == pytest.approx(
        (result.home, result.draw, result.away), abs=1e-12
    )
    assert handicaps["-0.5"].win == pytest.approx(result.home, abs=1e-12)
    assert handicaps["0.5"].win == pytest.approx(result.home + result.draw, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(dixon_coles_inputs(), st.floats(min_value=1.01, max_value=30.0))
def test_a_quarter_line_is_worth_the_average_of_its_half_lines(
    inputs: tuple[float, float, float], odds: float
) -> None:
    prices = price_fixture(dixon_coles_matrix(*inputs))
    for ladder in (prices.totals, prices.asian_handicap):
        lines = dict(ladder)
        for line, quarter in ladder:
            lower, upper = line - Decimal("0.25"), line + Decimal("0.25")
            if int(line * 4) % 2 == 0 or lower not in lines or upper not in lines:
                continue
            halves = (lines[lower].expected_return(odds) + lines[upper].expected_return(odds)) / 2
            assert quarter.expected_return(odds) == pytest.approx(halves, abs=1e-9)


@settings(max_examples=30, deadline=None)
@given(dixon_coles_inputs())
def test_higher_lines_are_harder_for_overs_and_easier_for_the_home_side(
    inputs: tuple[float, float, float],
) -> None:
    prices = price_fixture(dixon_coles_matrix(*inputs))
    overs = [line.fair_odds for _, line in prices.totals]
    homes = [line.fair_odds for _, line in prices.asian_handicap]
    assert all(a <= b * (1 + 1e-12) for a, b in pairwise(overs))
    assert all(a * (1 + 1e-12) >= b for a, b in pairwise(homes))


def test_minus_a_quarter_returns_the_average_of_level_and_minus_a_half_at_any_odds() -> None:
    matrix = dixon_coles_matrix(1.6, 1.1, -0.08)
    quarter, level, half = (price_asian_handicap(matrix, line) for line in ("-0.25", "0", "-0.5"))
    for odds in (1.5, 1.9, 2.4, 7.0):
        expected = (level.expected_return(odds) + half.expected_return(odds)) / 2
        assert quarter.expected_return(odds) == pytest.approx(expected, abs=1e-12)


def test_fair_odds_break_even() -> None:
    line = price_total(dixon_coles_matrix(1.4, 1.2), "2.25")
    assert line.expected_return(line.fair_odds) == pytest.approx(1.0, abs=1e-12)


def test_lines_off_the_quarter_grid_are_refused() -> None:
    matrix = dixon_coles_matrix(1.4, 1.2)
    with pytest.raises(InvalidMarket, match=r"2\.3"):
        price_total(matrix, "2.3")
    with pytest.raises(InvalidMarket, match=r"0\.1"):
        price_asian_handicap(matrix, 0.1)


def test_draw_no_bet_needs_a_decided_match() -> None:
    all_draws = GoalMatrix(((0.5, 0.0), (0.0, 0.5)))
    with pytest.raises(InvalidMarket, match="draw no bet"):
        price_draw_no_bet(price_match_result(all_draws))
