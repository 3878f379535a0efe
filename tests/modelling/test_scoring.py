from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import InvalidProbability
from domain.scoring import (
    Outcome,
    brier_score,
    calibration_curve,
    log_loss,
    paired_difference,
    ranked_probability_score,
    score_forecasts,
)


def test_rps_of_certain_forecasts() -> None:
    assert ranked_probability_score((1.0, 0.0, 0.0), Outcome.HOME) == 0.0
    assert ranked_probability_score((0.0, 0.0, 1.0), Outcome.HOME) == 1.0
    assert ranked_probability_score((0.0, 1.0, 0.0), Outcome.HOME) == pytest.approx(0.5)


def test_rps_of_uniform_forecast_by_hand() -> None:
    third = 1.0 / 3.0
    assert ranked_probability_score((third, third, third), Outcome.HOME) == pytest.approx(5.0 / 18.0)
    assert ranked_probability_score((third, third, third), Outcome.DRAW) == pytest.approx(1.0 / 9.0)


def test_rps_rewards_probability_near_the_outcome() -> None:
    """Same probability on the observed outcome, but the rest nearer to it: a lower RPS."""
    near = ranked_probability_score((0.5, 0.4, 0.1), Outcome.HOME)
    far = ranked_probability_score((0.5, 0.1, 0.4), Outcome.HOME)
    assert near < far


def test_log_loss_and_brier_by_hand() -> None:
    assert log_loss((0.5, 0.3, 0.2), Outcome.DRAW) == pytest.approx(-math.log(0.3))
    assert brier_score((0.5, 0.3, 0.2), Outcome.DRAW) == pytest.approx(0.25 + 0.49 + 0.04)


@st.composite
def forecasts(draw: st.DrawFn) -> tuple[float, float, float]:
    weights = [draw(st.floats(min_value=0.01, max_value=1.0)) for _ in range(3)]
    total = sum(weights)
    return weights[0] / total, weights[1] / total, weights[2] / total


@given(forecasts(), forecasts())
def test_rps_is_proper(truth: tuple[float, float, float], other: tuple[float, float, float]) -> None:
    """Forecasting the true probabilities never scores worse in expectation than anything else."""

    def expected(forecast: tuple[float, float, float]) -> float:
        return sum(p * ranked_probability_score(forecast, outcome) for outcome, p in enumerate(truth))

    assert expected(truth) <= expected(other) + 1e-12


def test_score_forecasts_means_and_accuracy() -> None:
    scores = score_forecasts([(0.6, 0.3, 0.1), (0.2, 0.3, 0.5)], [Outcome.HOME, Outcome.HOME])
    assert scores.n == 2
    assert scores.accuracy == 0.5
    expected = (
        ranked_probability_score((0.6, 0.3, 0.1), 0) + ranked_probability_score((0.2, 0.3, 0.5), 0)
    ) / 2
    assert scores.rps == pytest.approx(expected)


def test_paired_difference_standard_error() -> None:
    difference = paired_difference([0.3, 0.2, 0.4, 0.1], [0.2, 0.2, 0.2, 0.2])
    deltas = [0.1, 0.0, 0.2, -0.1]
    mean = sum(deltas) / 4
    variance = sum((d - mean) ** 2 for d in deltas) / 3
    assert difference.mean == pytest.approx(mean)
    assert difference.standard_error == pytest.approx(math.sqrt(variance / 4))


def test_calibration_bins_count_every_forecast_once_per_outcome() -> None:
    forecasts_ = [(0.55, 0.25, 0.2), (0.58, 0.22, 0.2), (0.15, 0.25, 0.6)]
    outcomes = [Outcome.HOME, Outcome.AWAY, Outcome.AWAY]
    curve = calibration_curve(forecasts_, outcomes, bins=10)
    home_bins = [b for b in curve if b.outcome is Outcome.HOME]
    assert sum(b.count for b in home_bins) == 3
    bin_50 = next(b for b in home_bins if b.lower == 0.5)
    assert bin_50.count == 2
    assert bin_50.observed_frequency == 0.5
    assert bin_50.mean_forecast == pytest.approx(0.565)


@pytest.mark.parametrize("bad", [(0.5, 0.5, 0.5), (math.nan, 0.5, 0.5), (1.2, -0.1, -0.1)])
def test_invalid_forecasts_are_refused(bad: tuple[float, float, float]) -> None:
    with pytest.raises(InvalidProbability):
        ranked_probability_score(bad, Outcome.HOME)
