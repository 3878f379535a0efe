"""Goal matrices from goal-count distributions other than Poisson: the negative binomial.

The negative binomial with mean mu and dispersion alpha has variance mu + alpha * mu**2; alpha -> 0 is
the Poisson. Home and away goals are taken as independent (no low-score correction).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from domain.errors import InvalidModelInput
from domain.goal_matrix import GoalMatrix, expected_goals

MAX_DISPERSION = 10.0
# Each side's distribution runs until the mass left beyond it is below this bound (or MAX_GOALS).
TAIL_MASS = 1e-12
MIN_GOALS = 10
MAX_GOALS = 40


def negative_binomial_probabilities(mean: float, dispersion: float) -> list[float]:
    """P(X = k), k = 0, 1, ..., for the negative binomial of this mean and dispersion."""
    mean = expected_goals(mean, "expected goals")
    if not (math.isfinite(dispersion) and 0.0 < dispersion <= MAX_DISPERSION):
        raise InvalidModelInput(
            f"invalid dispersion {dispersion!r}: must be above 0 and at most {MAX_DISPERSION:g}"
        )
    size = 1.0 / dispersion
    success = size / (size + mean)
    log_first = size * math.log(success)
    probabilities = [math.exp(log_first)]
    while len(probabilities) <= MIN_GOALS or (
        1.0 - math.fsum(probabilities) > TAIL_MASS and len(probabilities) <= MAX_GOALS
    ):
        k = len(probabilities)
        probabilities.append(probabilities[-1] * (k - 1 + size) / k * (1.0 - success))
    return probabilities


def independent_goal_matrix(home: Sequence[float], away: Sequence[float]) -> GoalMatrix:
    """The matrix of two independent goal distributions, renormalised over the cells it holds."""
    cells = [[p_home * p_away for p_away in away] for p_home in home]
    total = math.fsum(p for row in cells for p in row)
    if not total > 0.0:
        raise InvalidModelInput("goal distributions with no mass cannot make a goal matrix")
    return GoalMatrix(tuple(tuple(p / total for p in row) for row in cells))


def negative_binomial_matrix(home_mean: float, away_mean: float, dispersion: float) -> GoalMatrix:
    return independent_goal_matrix(
        negative_binomial_probabilities(home_mean, dispersion),
        negative_binomial_probabilities(away_mean, dispersion),
    )
