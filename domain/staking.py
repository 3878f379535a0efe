"""Stake sizing: the Kelly criterion and its safer variants, always bounded by a bankroll fraction.

Fractions are of the current bankroll. Amounts of money are Decimal and rounded down to the cent, so a
rounded stake never exceeds what the rule allows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from domain.errors import DomainError, InvalidProbability
from domain.money import CENT
from domain.odds import Odds
from domain.probability import checked_probability


def kelly_fraction(probability: float, odds: Odds, max_fraction: float = 1.0) -> float:
    """Full Kelly for one bet: (p × odds − 1) / (odds − 1), never negative, at most max_fraction."""
    p, price = checked_probability(probability), float(odds)
    return _bounded((p * price - 1.0) / (price - 1.0), max_fraction)


def fractional_kelly(probability: float, odds: Odds, fraction: float, max_fraction: float = 1.0) -> float:
    """A share of full Kelly (0.25 = quarter Kelly): less growth, far less variance."""
    if not 0.0 < fraction <= 1.0:
        raise DomainError(f"invalid Kelly fraction {fraction!r}: must be in (0, 1]")
    return _bounded(fraction * kelly_fraction(probability, odds), max_fraction)


def capped_kelly(
    probability: float, odds: Odds, cap: float, fraction: float = 1.0, max_fraction: float = 1.0
) -> float:
    """Fractional Kelly, but never more than `cap` of the bankroll on one bet."""
    _check_fraction(cap, "Kelly cap")
    return min(fractional_kelly(probability, odds, fraction, max_fraction), cap)


@dataclass(frozen=True, slots=True)
class SimultaneousKelly:
    """Stakes on the outcomes of one market, in the order given, and the reserve rate that chose them."""

    fractions: tuple[float, ...]
    reserve_rate: float

    @property
    def total(self) -> float:
        return sum(self.fractions)


def simultaneous_kelly(
    probabilities: Sequence[float], odds: Sequence[Odds], max_fraction: float = 1.0
) -> SimultaneousKelly:
    """Kelly for mutually exclusive outcomes of one market (Smoczynski & Tomkins, 2010).

    Outcomes are taken by descending expected revenue p × odds while it beats the reserve rate
    R = (1 − Σp) / (1 − Σ 1/odds) of those already taken; each taken outcome gets p − R / odds. This can
    include a hedge whose expected revenue is below 1 but above R. An outcome whose inclusion would make
    Σ 1/odds reach 1 (no margin left: an arbitrage) is not taken. If the stakes add up to more than
    max_fraction they are scaled down proportionally.
    """
    _check_market(probabilities, odds)
    prices = [float(price) for price in odds]
    order = sorted(range(len(prices)), key=lambda i: probabilities[i] * prices[i], reverse=True)
    chosen: list[int] = []
    reserve = 1.0
    for i in order:
        if probabilities[i] * prices[i] <= reserve:
            break
        inverse_sum = sum(1.0 / prices[j] for j in chosen) + 1.0 / prices[i]
        if inverse_sum >= 1.0:
            break
        chosen.append(i)
        reserve = (1.0 - sum(probabilities[j] for j in chosen)) / (1.0 - inverse_sum)
    fractions = [probabilities[i] - reserve / prices[i] if i in chosen else 0.0 for i in range(len(prices))]
    return SimultaneousKelly(tuple(_scaled(fractions, max_fraction)), reserve if chosen else 1.0)


def expected_log_growth(
    fractions: Sequence[float], probabilities: Sequence[float], odds: Sequence[Odds]
) -> float:
    """E[log(wealth after / before)] for stakes on mutually exclusive outcomes of one market.

    Probability not covered by the outcomes (1 − Σp) is the case where every stake is lost.
    """
    staked = sum(fractions)
    growth = sum(
        p * math.log(1.0 - staked + f * float(price))
        for p, f, price in zip(probabilities, fractions, odds, strict=True)
    )
    rest = 1.0 - sum(probabilities)
    return growth + (rest * math.log(1.0 - staked) if rest > 1e-12 else 0.0)


def stake_amount(bankroll: Decimal, fraction: float) -> Decimal:
    """The stake in money for a fraction of the bankroll, rounded down to the cent."""
    if bankroll < 0:
        raise DomainError(f"invalid bankroll {bankroll}: must not be negative")
    _check_fraction(fraction, "bankroll fraction", allow_zero=True)
    return (bankroll * Decimal(repr(fraction))).quantize(CENT, rounding=ROUND_DOWN)


def _bounded(fraction: float, max_fraction: float) -> float:
    _check_fraction(max_fraction, "maximum bankroll fraction")
    return min(max(fraction, 0.0), max_fraction)


def _scaled(fractions: list[float], max_fraction: float) -> list[float]:
    _check_fraction(max_fraction, "maximum bankroll fraction")
    total = sum(fractions)
    if total <= max_fraction:
        return fractions
    return [f * max_fraction / total for f in fractions]


def _check_fraction(value: float, what: str, allow_zero: bool = False) -> None:
    low_ok = value >= 0.0 if allow_zero else value > 0.0
    if not (math.isfinite(value) and low_ok and value <= 1.0):
        raise DomainError(f"invalid {what} {value!r}: must be in {'[0' if allow_zero else '(0'}, 1]")


def _check_market(probabilities: Sequence[float], odds: Sequence[Odds]) -> None:
    if len(probabilities) != len(odds) or not probabilities:
        raise DomainError(
            f"a market needs one probability per price: got {len(probabilities)} and {len(odds)}"
        )
    for p in probabilities:
        checked_probability(p)
    if sum(probabilities) > 1.0 + 1e-9:
        raise InvalidProbability(
            f"probabilities of mutually exclusive outcomes sum to {sum(probabilities):.6f}, above 1"
        )
