"""Settlement of line bets: Asian handicaps and totals on whole, half and quarter lines.

One rule settles every line: the bet wins when `goal_margin + line > 0`, is void (push) when it is 0 and
loses when it is below 0. A quarter line (2.25, -0.75 ...) is two bets of half the stake each, on the two
neighbouring half-lines (2.25 is half on 2 and half on 2.5), so it can also win or lose half the stake.

For an Asian handicap the margin is home goals minus away goals (line from the home side); for the over
side of a total it is the total goals and the line is negated (over 2.5 wins when goals - 2.5 > 0).
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from domain.errors import InvalidMarket

LineInput = Decimal | float | int | str

QUARTER = Decimal("0.25")
HALF = Decimal("0.5")
ZERO = Decimal(0)
ONE = Decimal(1)


class LineOutcome(StrEnum):
    WIN = "win"
    HALF_WIN = "half_win"
    PUSH = "push"
    HALF_LOSS = "half_loss"
    LOSS = "loss"

    @property
    def winning_fraction(self) -> Decimal:
        """The share of the stake settled as a winner (paid at the odds)."""
        return _WINNING_FRACTION[self]

    @property
    def refunded_fraction(self) -> Decimal:
        """The share of the stake given back without winnings."""
        return _REFUNDED_FRACTION[self]

    def return_multiplier(self, odds: Decimal) -> Decimal:
        """Money returned per unit staked, stake included, at the given decimal odds."""
        return self.winning_fraction * odds + self.refunded_fraction


_WINNING_FRACTION = {
    LineOutcome.WIN: ONE,
    LineOutcome.HALF_WIN: HALF,
    LineOutcome.PUSH: ZERO,
    LineOutcome.HALF_LOSS: ZERO,
    LineOutcome.LOSS: ZERO,
}
_REFUNDED_FRACTION = {
    LineOutcome.WIN: ZERO,
    LineOutcome.HALF_WIN: HALF,
    LineOutcome.PUSH: ONE,
    LineOutcome.HALF_LOSS: HALF,
    LineOutcome.LOSS: ZERO,
}


def parse_line(value: LineInput) -> Decimal:
    """A line as a canonical Decimal ("2.5", "-0.25", "3"), or InvalidMarket naming the value.

    Lines must be multiples of 0.25; floats are taken at their exact binary value, so 0.1 is refused.
    """
    number = _to_decimal(value)
    quarters = number / QUARTER
    if quarters != quarters.to_integral_value():
        raise InvalidMarket(f"invalid line {value!r}: lines must be multiples of 0.25")
    return Decimal(int(quarters)) / 4


def is_quarter_line(line: LineInput) -> bool:
    return int(parse_line(line) / QUARTER) % 2 == 1


def split_line(line: LineInput) -> tuple[Decimal, ...]:
    """The whole or half lines a line stands for: one for 2 or 2.5, two for 2.25 (2 and 2.5)."""
    canonical = parse_line(line)
    if is_quarter_line(canonical):
        return (canonical - QUARTER, canonical + QUARTER)
    return (canonical,)


def settle_line(goal_margin: int, line: LineInput) -> LineOutcome:
    """Settle a bet that wins when `goal_margin + line > 0`, on any line that is a multiple of 0.25."""
    outcomes = [_settle_whole_or_half(goal_margin, part) for part in split_line(line)]
    if len(outcomes) == 1:
        return outcomes[0]
    return _combine_halves(outcomes[0], outcomes[1])


def settle_handicap(home_goals: int, away_goals: int, line: LineInput) -> LineOutcome:
    """The home side of an Asian handicap: home goals + line against away goals."""
    return settle_line(home_goals - away_goals, line)


def settle_over(total_goals: int, line: LineInput) -> LineOutcome:
    return settle_line(total_goals, -parse_line(line))


def settle_under(total_goals: int, line: LineInput) -> LineOutcome:
    return settle_line(-total_goals, parse_line(line))


def _settle_whole_or_half(goal_margin: int, line: Decimal) -> LineOutcome:
    adjusted = goal_margin + line
    if adjusted > 0:
        return LineOutcome.WIN
    return LineOutcome.PUSH if adjusted == 0 else LineOutcome.LOSS


def _combine_halves(first: LineOutcome, second: LineOutcome) -> LineOutcome:
    if first == second:
        return first
    pair = {first, second}
    if pair == {LineOutcome.WIN, LineOutcome.PUSH}:
        return LineOutcome.HALF_WIN
    if pair == {LineOutcome.LOSS, LineOutcome.PUSH}:
        return LineOutcome.HALF_LOSS
    raise AssertionError(f"half-lines 0.5 apart cannot settle as {first} and {second}")


def _to_decimal(value: LineInput) -> Decimal:
    if isinstance(value, bool):
        raise InvalidMarket(f"invalid line {value!r}: not a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidMarket(f"invalid line {value!r}: not a finite number")
    try:
        number = Decimal(value.strip()) if isinstance(value, str) else Decimal(value)
    except (InvalidOperation, TypeError):
        raise InvalidMarket(f"invalid line {value!r}: not a number") from None
    if not number.is_finite():
        raise InvalidMarket(f"invalid line {value!r}: not a finite number")
    return number
