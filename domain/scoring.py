"""Scoring rules for match-result forecasts: how good were the probabilities, once the results are in.

A forecast gives probabilities of the ordered outcomes home win, draw, away win; the observed outcome is
the index of what happened (0 home, 1 draw, 2 away). Lower is better for RPS, log-loss and Brier.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

from domain.errors import InvalidProbability

# log(0) is undefined: a forecast that gave the observed outcome probability 0 is scored at this floor.
LOG_LOSS_FLOOR = 1e-15
SUM_TOLERANCE = 1e-6


class Outcome(IntEnum):
    HOME = 0
    DRAW = 1
    AWAY = 2

    @classmethod
    def from_goals(cls, home_goals: int, away_goals: int) -> Outcome:
        if home_goals > away_goals:
            return cls.HOME
        return cls.DRAW if home_goals == away_goals else cls.AWAY


def checked_forecast(probabilities: Sequence[float]) -> tuple[float, ...]:
    """Finite, non-negative probabilities that sum to 1 (within 1e-6), or InvalidProbability."""
    values = tuple(probabilities)
    if len(values) < 2 or any(not math.isfinite(p) or p < 0.0 for p in values):
        raise InvalidProbability(f"invalid forecast {values!r}: needs finite, non-negative probabilities")
    if abs(math.fsum(values) - 1.0) > SUM_TOLERANCE:
        raise InvalidProbability(f"invalid forecast {values!r}: probabilities sum to {math.fsum(values)!r}")
    return values


def ranked_probability_score(probabilities: Sequence[float], outcome: int) -> float:
    """RPS (Epstein 1969): the mean squared gap between forecast and observed cumulative distributions.

    It rewards probability placed near the observed outcome (a draw is nearer a home win than an away win).
    """
    values = checked_forecast(probabilities)
    cumulative_forecast = 0.0
    total = 0.0
    for index, probability in enumerate(values[:-1]):
        cumulative_forecast += probability
        cumulative_observed = 1.0 if outcome <= index else 0.0
        total += (cumulative_forecast - cumulative_observed) ** 2
    return total / (len(values) - 1)


def log_loss(probabilities: Sequence[float], outcome: int) -> float:
    values = checked_forecast(probabilities)
    return -math.log(max(values[outcome], LOG_LOSS_FLOOR))


def brier_score(probabilities: Sequence[float], outcome: int) -> float:
    """The multi-class Brier score: squared error summed over outcomes (0 to 2)."""
    values = checked_forecast(probabilities)
    return math.fsum((p - (1.0 if index == outcome else 0.0)) ** 2 for index, p in enumerate(values))


def hit(probabilities: Sequence[float], outcome: int) -> float:
    """1 when the most probable outcome happened (ties go to the first), else 0."""
    values = checked_forecast(probabilities)
    return 1.0 if max(range(len(values)), key=values.__getitem__) == outcome else 0.0


@dataclass(frozen=True, slots=True)
class Scores:
    """Mean scores of a set of forecasts."""

    n: int
    rps: float
    log_loss: float
    brier: float
    accuracy: float


def score_forecasts(forecasts: Sequence[Sequence[float]], outcomes: Sequence[int]) -> Scores:
    if len(forecasts) != len(outcomes):
        raise InvalidProbability(f"{len(forecasts)} forecasts for {len(outcomes)} outcomes")
    if not forecasts:
        raise InvalidProbability("no forecasts to score")
    pairs = list(zip(forecasts, outcomes, strict=True))
    count = len(pairs)
    return Scores(
        n=count,
        rps=math.fsum(ranked_probability_score(f, o) for f, o in pairs) / count,
        log_loss=math.fsum(log_loss(f, o) for f, o in pairs) / count,
        brier=math.fsum(brier_score(f, o) for f, o in pairs) / count,
        accuracy=math.fsum(hit(f, o) for f, o in pairs) / count,
    )


@dataclass(frozen=True, slots=True)
class PairedDifference:
    """The mean of per-match score differences (a - b) and its standard error."""

    n: int
    mean: float
    standard_error: float


def paired_difference(first: Sequence[float], second: Sequence[float]) -> PairedDifference:
    """Mean and standard error of first[i] - second[i]: the two were scored on the same matches."""
    if len(first) != len(second) or len(first) < 2:
        raise InvalidProbability("a paired difference needs two equally long series of at least 2 scores")
    differences = [a - b for a, b in zip(first, second, strict=True)]
    count = len(differences)
    mean = math.fsum(differences) / count
    variance = math.fsum((d - mean) ** 2 for d in differences) / (count - 1)
    return PairedDifference(count, mean, math.sqrt(variance / count))


@dataclass(frozen=True, slots=True)
class CalibrationBin:
    """Forecasts whose probability fell in [lower, upper): their mean forecast and observed frequency."""

    outcome: Outcome
    lower: float
    upper: float
    count: int
    mean_forecast: float
    observed_frequency: float


def calibration_curve(
    forecasts: Sequence[Sequence[float]], outcomes: Sequence[int], bins: int = 10
) -> list[CalibrationBin]:
    """Reliability-diagram data per outcome: equal-width probability bins, empty bins left out."""
    if bins < 1:
        raise InvalidProbability(f"invalid number of calibration bins {bins}: must be at least 1")
    curve: list[CalibrationBin] = []
    for outcome in Outcome:
        grouped: list[list[tuple[float, float]]] = [[] for _ in range(bins)]
        for forecast, observed in zip(forecasts, outcomes, strict=True):
            probability = checked_forecast(forecast)[outcome]
            grouped[min(int(probability * bins), bins - 1)].append(
                (probability, 1.0 if observed == outcome else 0.0)
            )
        curve += [_calibration_bin(outcome, index, bins, members) for index, members in enumerate(grouped)]
    return [entry for entry in curve if entry.count]


def _calibration_bin(
    outcome: Outcome, index: int, bins: int, members: list[tuple[float, float]]
) -> CalibrationBin:
    count = len(members)
    mean_forecast = math.fsum(p for p, _ in members) / count if count else 0.0
    observed = math.fsum(o for _, o in members) / count if count else 0.0
    return CalibrationBin(outcome, index / bins, (index + 1) / bins, count, mean_forecast, observed)
