"""Betting prices in the four common formats, and the probability a price implies.

Prices are kept as `Decimal` decimal odds (a price is money paid per unit staked); probabilities are floats.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction

from domain.errors import InvalidOdds

ONE = Decimal(1)
HUNDRED = Decimal(100)

OddsInput = str | int | float | Decimal


class OddsFormat(StrEnum):
    DECIMAL = "decimal"
    FRACTIONAL = "fractional"
    AMERICAN = "american"
    HONG_KONG = "hong-kong"


def to_decimal(value: OddsInput, what: str = "odds") -> Decimal:
    """A finite Decimal from user input, or InvalidOdds naming the value."""
    if isinstance(value, bool):
        raise InvalidOdds(f"invalid {what} {value!r}: not a number")
    text = value.strip() if isinstance(value, str) else str(value)
    if not text:
        raise InvalidOdds(f"invalid {what} {value!r}: empty")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise InvalidOdds(f"invalid {what} {value!r}: not a number") from None
    if not number.is_finite():
        raise InvalidOdds(f"invalid {what} {value!r}: not a finite number")
    return number


@dataclass(frozen=True, order=True, slots=True)
class Odds:
    """Decimal odds: the total returned per unit staked on a win, stake included. Always above 1."""

    decimal: Decimal

    def __post_init__(self) -> None:
        if not isinstance(self.decimal, Decimal) or not self.decimal.is_finite():
            raise InvalidOdds(f"invalid odds {self.decimal!r}: not a finite decimal number")
        if self.decimal <= ONE:
            raise InvalidOdds(f"invalid odds {self.decimal}: decimal odds must be greater than 1")

    @classmethod
    def from_decimal(cls, value: OddsInput) -> Odds:
        number = to_decimal(value)
        if number <= ONE:
            raise InvalidOdds(f"invalid odds {value!r}: decimal odds must be greater than 1")
        return cls(number)

    @classmethod
    def from_fractional(cls, value: str) -> Odds:
        """'11/10' (or '11-10') pays 11 for every 10 staked, plus the stake."""
        parts = value.replace("-", "/").split("/") if isinstance(value, str) else []
        if len(parts) != 2:
            raise InvalidOdds(f"invalid fractional odds {value!r}: expected the form N/D")
        numerator, denominator = (to_decimal(part, "fractional odds") for part in parts)
        if numerator <= 0 or denominator <= 0:
            raise InvalidOdds(f"invalid fractional odds {value!r}: both sides must be positive")
        return cls(ONE + numerator / denominator)

    @classmethod
    def from_american(cls, value: OddsInput) -> Odds:
        """'+150' pays 150 per 100 staked; '-150' needs 150 staked to win 100."""
        number = to_decimal(value, "American odds")
        if -HUNDRED < number < HUNDRED:
            raise InvalidOdds(f"invalid American odds {value!r}: must be at least +100 or at most -100")
        return cls(ONE + (number / HUNDRED if number > 0 else HUNDRED / -number))

    @classmethod
    def from_hong_kong(cls, value: OddsInput) -> Odds:
        """Hong Kong odds are the net win per unit staked: decimal odds minus 1."""
        number = to_decimal(value, "Hong Kong odds")
        if number <= 0:
            raise InvalidOdds(f"invalid Hong Kong odds {value!r}: must be greater than 0")
        return cls(ONE + number)

    @classmethod
    def parse(cls, value: OddsInput, odds_format: OddsFormat = OddsFormat.DECIMAL) -> Odds:
        parsers = {
            OddsFormat.DECIMAL: cls.from_decimal,
            OddsFormat.FRACTIONAL: lambda v: cls.from_fractional(str(v)),
            OddsFormat.AMERICAN: cls.from_american,
            OddsFormat.HONG_KONG: cls.from_hong_kong,
        }
        return parsers[odds_format](value)

    @property
    def implied_probability(self) -> float:
        return float(ONE / self.decimal)

    def to_fractional(self, max_denominator: int = 100) -> Fraction:
        return Fraction(self.decimal - ONE).limit_denominator(max_denominator)

    def to_american(self) -> Decimal:
        net = self.decimal - ONE
        return net * HUNDRED if net >= ONE else -HUNDRED / net

    def to_hong_kong(self) -> Decimal:
        return self.decimal - ONE

    def __float__(self) -> float:
        return float(self.decimal)

    def __str__(self) -> str:
        return str(self.decimal)


def implied_probabilities(prices: list[Odds]) -> list[float]:
    return [price.implied_probability for price in prices]
