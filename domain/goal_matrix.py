"""The goal matrix: the probability of every home × away score, and the Dixon-Coles builder.

Home and away goals are independent Poisson counts with means home_xg and away_xg; Dixon and Coles
(1997) adjust the four low scores (0-0, 0-1, 1-0, 1-1) by a factor tau that depends on rho. The tau
adjustment moves probability between those four scores without changing the total, so rho = 0 is the
plain independent-Poisson model.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from domain.errors import InvalidModelInput

ModelInput = float | int | str | Decimal

MAX_EXPECTED_GOALS = 20.0
# Each side's matrix runs until the Poisson tail beyond it is below this bound.
TAIL_BOUND = 1e-17
MIN_GOALS_PER_SIDE = 10
MASS_TOLERANCE = 1e-9


@dataclass(frozen=True, slots=True)
class GoalMatrix:
    """probabilities[h][a] is the probability that the match ends h-a; the cells sum to 1.

    Scores beyond the matrix have probability 0 (builders size it so the cut-off tail is negligible).
    """

    probabilities: tuple[tuple[float, ...], ...]

    def __post_init__(self) -> None:
        rows = self.probabilities
        if not rows or not rows[0] or any(len(row) != len(rows[0]) for row in rows):
            raise InvalidModelInput("a goal matrix must be a non-empty rectangle of probabilities")
        if any(not math.isfinite(p) or p < 0.0 for row in rows for p in row):
            raise InvalidModelInput("a goal matrix holds finite, non-negative probabilities only")
        total = math.fsum(p for row in rows for p in row)
        if abs(total - 1.0) > MASS_TOLERANCE:
            raise InvalidModelInput(f"a goal matrix must sum to 1, this one sums to {total!r}")

    @property
    def max_home_goals(self) -> int:
        return len(self.probabilities) - 1

    @property
    def max_away_goals(self) -> int:
        return len(self.probabilities[0]) - 1

    def probability(self, home_goals: int, away_goals: int) -> float:
        if 0 <= home_goals <= self.max_home_goals and 0 <= away_goals <= self.max_away_goals:
            return self.probabilities[home_goals][away_goals]
        return 0.0

    def scores(self) -> Iterator[tuple[int, int, float]]:
        """Every (home goals, away goals, probability) in the matrix."""
        for home_goals, row in enumerate(self.probabilities):
            for away_goals, probability in enumerate(row):
                yield home_goals, away_goals, probability


def dixon_coles_matrix(home_xg: ModelInput, away_xg: ModelInput, rho: ModelInput = 0.0) -> GoalMatrix:
    """The Dixon-Coles goal matrix; InvalidModelInput names a value out of range.

    The matrix is renormalised over the cells it holds, so the (below 1e-17 per side) tail that falls
    outside it is spread proportionally rather than lost.
    """
    home_mean = expected_goals(home_xg, "home_xg")
    away_mean = expected_goals(away_xg, "away_xg")
    dependence = dixon_coles_rho(rho, home_mean, away_mean)
    home = poisson_probabilities(home_mean)
    away = poisson_probabilities(away_mean)
    cells = [[p_home * p_away for p_away in away] for p_home in home]
    for (home_goals, away_goals), factor in _tau(home_mean, away_mean, dependence).items():
        cells[home_goals][away_goals] *= factor
    total = math.fsum(p for row in cells for p in row)
    return GoalMatrix(tuple(tuple(p / total for p in row) for row in cells))


def expected_goals(value: ModelInput, name: str) -> float:
    """Expected goals: a finite number in (0, MAX_EXPECTED_GOALS]."""
    number = _to_float(value, name)
    if not 0.0 < number <= MAX_EXPECTED_GOALS:
        raise InvalidModelInput(
            f"invalid {name} {value!r}: expected goals must be above 0 and at most {MAX_EXPECTED_GOALS:g}"
        )
    return number


def dixon_coles_rho(value: ModelInput, home_xg: float, away_xg: float) -> float:
    """rho such that every Dixon-Coles factor tau stays non-negative for these expected goals."""
    number = _to_float(value, "rho")
    lowest = -1.0 / max(home_xg, away_xg)
    product = home_xg * away_xg
    highest = 1.0 if product <= 1.0 else 1.0 / product
    if not lowest <= number <= highest:
        raise InvalidModelInput(
            f"invalid rho {value!r}: with home_xg {home_xg:g} and away_xg {away_xg:g} "
            f"rho must lie in [{lowest:.6g}, {highest:.6g}]"
        )
    return number


def poisson_probabilities(mean: float) -> list[float]:
    """P(X = k) for k = 0, 1, ... until the tail beyond the last k is below TAIL_BOUND."""
    probabilities = [math.exp(-mean)]
    while len(probabilities) <= MIN_GOALS_PER_SIDE or _tail_bound(mean, probabilities) >= TAIL_BOUND:
        k = len(probabilities)
        probabilities.append(math.exp(k * math.log(mean) - mean - math.lgamma(k + 1)))
    return probabilities


def _tail_bound(mean: float, probabilities: list[float]) -> float:
    """An upper bound on P(X >= n), n = len(probabilities), once n > mean - 1.

    P(X = n + j) <= P(X = n) * r**j with r = mean / (n + 1), so the tail is at most P(X = n) / (1 - r).
    """
    n = len(probabilities)
    ratio = mean / (n + 1)
    if ratio >= 1.0:
        return math.inf
    next_probability = probabilities[-1] * mean / n
    return next_probability / (1.0 - ratio)


def _tau(home_xg: float, away_xg: float, rho: float) -> dict[tuple[int, int], float]:
    return {
        (0, 0): 1.0 - home_xg * away_xg * rho,
        (0, 1): 1.0 + home_xg * rho,
        (1, 0): 1.0 + away_xg * rho,
        (1, 1): 1.0 - rho,
    }


def _to_float(value: ModelInput, name: str) -> float:
    if isinstance(value, bool):
        raise InvalidModelInput(f"invalid {name} {value!r}: not a number")
    try:
        number = float(value.strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise InvalidModelInput(f"invalid {name} {value!r}: not a number") from None
    if not math.isfinite(number):
        raise InvalidModelInput(f"invalid {name} {value!r}: not a finite number")
    return number
