"""Money and odds arithmetic, exact at any size the API lets in.

Amounts are Decimal in whole cents; odds are Decimal. Products of odds and stakes are computed without
rounding: the working precision is set from the operands' digits, so twelve legs at the highest odds the
schema allows (about 10^72 combined) and the largest stake stay exact, and no Decimal context limit turns a
valid request into an arithmetic error. Only the final amount is rounded, DOWN to the cent: nobody is ever
promised or paid more than the exact amount.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import ROUND_DOWN, Decimal, localcontext
from fractions import Fraction

from domain.errors import InvalidSettlement

CENT = Decimal("0.01")


def digits(value: Decimal) -> int:
    """How many significant digits an exact result built from `value` may need (coefficient and exponent)."""
    _sign, coefficient, exponent = value.as_tuple()
    return len(coefficient) + max(int(exponent), 0) if isinstance(exponent, int) else len(coefficient)


def exact_product(values: Iterable[Decimal]) -> Decimal:
    """The product of Decimals without rounding: the precision is set to hold every digit of the result."""
    factors = list(values)
    with localcontext() as context:
        context.prec = sum(digits(value) for value in factors) + 2
        return math.prod(factors, start=Decimal(1))


def round_down_to_cent(amount: Decimal | Fraction) -> Decimal:
    """An exact amount rounded down to the cent (never negative)."""
    if amount < 0:
        raise InvalidSettlement(f"a return cannot be negative: {amount}")
    if isinstance(amount, Fraction):
        cents = math.floor(amount * 100)
        with localcontext() as context:
            context.prec = len(str(cents)) + 2  # scaleb rounds to the context's precision otherwise
            return Decimal(cents).scaleb(-2)
    with localcontext() as context:
        context.prec = digits(amount) + 3
        return amount.quantize(CENT, rounding=ROUND_DOWN)


def potential_return(stake: Decimal, combined_odds: Decimal) -> Decimal:
    """What a ticket pays if every leg wins: stake × combined odds, exactly, rounded down to the cent."""
    return round_down_to_cent(exact_product((stake, combined_odds)))
