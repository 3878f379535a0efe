"""The bookmaker's margin and the methods that remove it (de-vig) from a market's prices.

Each method turns the implied probabilities of one market's mutually exclusive, exhaustive outcomes into
fair probabilities that lie in (0, 1) and sum to 1, or raises DevigError saying why it cannot.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from domain.errors import DevigError
from domain.odds import Odds


class DevigMethod(StrEnum):
    MULTIPLICATIVE = "multiplicative"
    ADDITIVE = "additive"
    POWER = "power"
    SHIN = "shin"
    ODDS_RATIO = "odds-ratio"


@dataclass(frozen=True, slots=True)
class DevigResult:
    method: DevigMethod
    overround: float
    probabilities: tuple[float, ...]


def overround(prices: Sequence[Odds]) -> float:
    """The margin as a fraction: 0.0238 for implied probabilities that sum to 1.0238."""
    return sum(price.implied_probability for price in prices) - 1.0


def devig(prices: Sequence[Odds], method: DevigMethod) -> DevigResult:
    implied = _checked_implied(prices)
    fair = _METHODS[method](implied)
    return DevigResult(method, sum(implied) - 1.0, _checked_fair(fair, method))


def multiplicative(implied: Sequence[float]) -> list[float]:
    """Scale every implied probability by the same factor (normalisation)."""
    total = sum(implied)
    return [p / total for p in implied]


def additive(implied: Sequence[float]) -> list[float]:
    """Subtract an equal share of the margin from every outcome."""
    share = (sum(implied) - 1.0) / len(implied)
    fair = [p - share for p in implied]
    if min(fair) <= 0.0:
        longest = max(range(len(implied)), key=lambda i: -implied[i])
        raise DevigError(
            f"additive de-vig cannot solve this market: removing {share:.6f} from each outcome "
            f"pushes outcome {longest + 1} (implied {implied[longest]:.6f}) to or below 0"
        )
    return fair


def power(implied: Sequence[float]) -> list[float]:
    """Raise every implied probability to the power k > 1 that makes them sum to 1."""
    k = _solve_increasing(lambda k: 1.0 - sum(p**k for p in implied), low=1.0)
    return [p**k for p in implied]


def shin(implied: Sequence[float]) -> list[float]:
    """Shin (1993): the margin as the price of insider trading, z the share of insiders.

    p_i = (sqrt(z^2 + 4 (1 - z) pi_i^2 / S) - z) / (2 (1 - z)), with z in [0, 1) such that sum p_i = 1.
    """
    total = sum(implied)

    def fair(z: float) -> list[float]:
        return [(math.sqrt(z * z + 4.0 * (1.0 - z) * p * p / total) - z) / (2.0 * (1.0 - z)) for p in implied]

    z = _bisect(lambda z: sum(fair(z)) - 1.0, 0.0, 1.0 - 1e-12, "shin")
    return fair(z)


def odds_ratio(implied: Sequence[float]) -> list[float]:
    """Cheung (2015): the fair and implied odds ratios differ by one constant c, pi/(1-pi) = c p/(1-p)."""

    def fair(c: float) -> list[float]:
        return [p / (c * (1.0 - p) + p) for p in implied]

    c = _solve_increasing(lambda c: 1.0 - sum(fair(c)), low=1.0)
    return fair(c)


_METHODS: dict[DevigMethod, Callable[[Sequence[float]], list[float]]] = {
    DevigMethod.MULTIPLICATIVE: multiplicative,
    DevigMethod.ADDITIVE: additive,
    DevigMethod.POWER: power,
    DevigMethod.SHIN: shin,
    DevigMethod.ODDS_RATIO: odds_ratio,
}


def _checked_implied(prices: Sequence[Odds]) -> list[float]:
    if len(prices) < 2:
        raise DevigError(f"a market needs at least 2 outcomes to de-vig, got {len(prices)}")
    implied = [price.implied_probability for price in prices]
    total = sum(implied)
    if total <= 1.0:
        raise DevigError(
            f"implied probabilities sum to {total:.6f}, not above 1: there is no margin to remove"
        )
    return implied


def _checked_fair(fair: Sequence[float], method: DevigMethod) -> tuple[float, ...]:
    total = sum(fair)
    if not all(math.isfinite(p) for p in fair) or abs(total - 1.0) > 1e-9:
        raise DevigError(f"{method} de-vig did not converge on this market (sum {total!r})")
    normalised = tuple(p / total for p in fair)
    if not all(0.0 < p < 1.0 for p in normalised):
        raise DevigError(f"{method} de-vig gave a probability outside (0, 1) on this market")
    return normalised


def _solve_increasing(f: Callable[[float], float], low: float) -> float:
    """Root of an increasing f with f(low) < 0, bracketing upwards by doubling."""
    high = low * 2.0
    while f(high) < 0.0:
        high *= 2.0
        if high > 1e12:
            raise DevigError("de-vig found no solution: the market is too extreme to solve")
    return _bisect(f, low, high, "solver")


def _bisect(f: Callable[[float], float], low: float, high: float, name: str) -> float:
    f_low, f_high = f(low), f(high)
    if f_low == 0.0:
        return low
    if f_high == 0.0:
        return high
    if (f_low > 0.0) == (f_high > 0.0):
        raise DevigError(f"{name} de-vig cannot solve this market: no root between {low} and {high}")
    for _ in range(200):
        middle = (low + high) / 2.0
        if middle in (low, high):
            break
        f_middle = f(middle)
        if (f_middle > 0.0) == (f_low > 0.0):
            low, f_low = middle, f_middle
        else:
            high = middle
    return (low + high) / 2.0
