"""Validation of probabilities shared by the pricing, edge and staking rules."""

from __future__ import annotations

import math

from domain.errors import InvalidProbability


def checked_probability(value: float, what: str = "probability") -> float:
    """A probability in the open interval (0, 1), or InvalidProbability naming the value."""
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        raise InvalidProbability(f"invalid {what} {value!r}: not a finite number")
    if not 0.0 < value < 1.0:
        raise InvalidProbability(f"invalid {what} {value!r}: must lie strictly between 0 and 1")
    return float(value)
