from __future__ import annotations

import math
import random

import pytest

from domain.errors import InvalidModelInput
from domain.goal_matrix import GoalMatrix, dixon_coles_matrix
from tests.unit.poisson_reference import poisson, scores

RANDOM_XG = [
    (round(random.Random(seed).uniform(0.2, 4.0), 4), round(random.Random(-seed).uniform(0.2, 4.0), 4))
    for seed in range(1, 9)
]


@pytest.mark.parametrize(("home_xg", "away_xg"), [(1.6, 1.1), (0.05, 19.5), *RANDOM_XG])
def test_rho_zero_is_independent_poisson(home_xg: float, away_xg: float) -> None:
    matrix = dixon_coles_matrix(home_xg, away_xg)
    reference = scores(home_xg, away_xg)
    worst = max(abs(matrix.probability(h, a) - reference[h, a]) for h in range(40) for a in range(40))
    assert worst < 1e-9


@pytest.mark.parametrize(
    ("home_xg", "away_xg", "rho"), [(1.6, 1.1, -0.13), (2.4, 0.7, 0.2), (0.9, 0.9, -1.0)]
)
def test_dixon_coles_adjusts_the_four_low_scores(home_xg: float, away_xg: float, rho: float) -> None:
    matrix = dixon_coles_matrix(home_xg, away_xg, rho)
    reference = scores(home_xg, away_xg, rho)
    worst = max(abs(matrix.probability(h, a) - reference[h, a]) for h in range(30) for a in range(30))
    assert worst < 1e-9
    assert matrix.probability(1, 1) != pytest.approx(poisson(home_xg, 1) * poisson(away_xg, 1))


@pytest.mark.parametrize(("home_xg", "away_xg"), [(0.01, 0.01), (1.6, 1.1), (20.0, 20.0), (3.3, 0.4)])
def test_the_matrix_leaves_out_a_negligible_tail_on_each_side(home_xg: float, away_xg: float) -> None:
    matrix = dixon_coles_matrix(home_xg, away_xg)
    home_tail = math.fsum(poisson(home_xg, k) for k in range(matrix.max_home_goals + 1, 160))
    away_tail = math.fsum(poisson(away_xg, k) for k in range(matrix.max_away_goals + 1, 160))
    assert home_tail < 1e-16
    assert away_tail < 1e-16
    assert math.fsum(p for _, _, p in matrix.scores()) == pytest.approx(1.0, abs=1e-12)


def test_scores_outside_the_matrix_have_probability_zero() -> None:
    matrix = dixon_coles_matrix(1.2, 1.0)
    assert matrix.probability(matrix.max_home_goals + 1, 0) == 0.0
    assert matrix.probability(-1, 0) == 0.0


def test_string_inputs_are_read_as_numbers() -> None:
    assert dixon_coles_matrix(" 1.6", "1.1", "-0.05") == dixon_coles_matrix(1.6, 1.1, -0.05)


@pytest.mark.parametrize(
    ("home_xg", "away_xg", "rho", "named"),
    [
        (-1, 1, 0, "home_xg -1"),
        (0, 1, 0, "home_xg 0"),
        (1, 20.5, 0, "away_xg 20.5"),
        ("abc", 1, 0, "home_xg 'abc'"),
        (1, "nan", 0, "away_xg 'nan'"),
        (1, float("inf"), 0, "away_xg inf"),
        (True, 1, 0, "home_xg True"),
        (1, 1, "x", "rho 'x'"),
        (1, 1, 1.01, "rho 1.01"),  # 1 - rho < 0
        (2, 2, 0.3, "rho 0.3"),  # 1 - l*m*rho < 0
        (2, 0.5, -0.6, "rho -0.6"),  # 1 + l*rho < 0
        (0.5, 4, -0.3, "rho -0.3"),  # 1 + m*rho < 0
        (1, 1, "nan", "rho 'nan'"),
    ],
)
def test_invalid_inputs_name_the_value(home_xg: object, away_xg: object, rho: object, named: str) -> None:
    with pytest.raises(InvalidModelInput, match=named):
        dixon_coles_matrix(home_xg, away_xg, rho)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("home_xg", "away_xg", "rho"), [(2, 2, 0.25), (1, 1, 1), (2, 0.5, -0.5), (0.5, 4, -0.25)]
)
def test_rho_on_the_boundary_sets_a_score_to_zero(home_xg: float, away_xg: float, rho: float) -> None:
    matrix = dixon_coles_matrix(home_xg, away_xg, rho)
    assert min(matrix.probability(h, a) for h in (0, 1) for a in (0, 1)) == pytest.approx(0.0, abs=1e-15)


@pytest.mark.parametrize(
    "cells",
    [(), ((0.5, 0.5), (0.0,)), ((1.5, -0.5),), ((0.5, 0.4),), ((math.nan, 1.0),)],
)
def test_a_goal_matrix_must_be_a_probability_table(cells: tuple[tuple[float, ...], ...]) -> None:
    with pytest.raises(InvalidModelInput):
        GoalMatrix(cells)
