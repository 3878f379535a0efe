from decimal import Decimal
from fractions import Fraction

import pytest

from domain.errors import InvalidOdds
from domain.odds import Odds, OddsFormat


@pytest.mark.parametrize(
    ("text", "odds_format", "decimal"),
    [
        ("2.10", OddsFormat.DECIMAL, Decimal("2.10")),
        ("11/10", OddsFormat.FRACTIONAL, Decimal("2.1")),
        ("1/4", OddsFormat.FRACTIONAL, Decimal("1.25")),
        ("+110", OddsFormat.AMERICAN, Decimal("2.1")),
        ("-200", OddsFormat.AMERICAN, Decimal("1.5")),
        ("100", OddsFormat.AMERICAN, Decimal("2")),
        ("1.1", OddsFormat.HONG_KONG, Decimal("2.1")),
        ("0.5", OddsFormat.HONG_KONG, Decimal("1.5")),
    ],
)
def test_every_format_parses_to_decimal_odds(text: str, odds_format: OddsFormat, decimal: Decimal) -> None:
    assert Odds.parse(text, odds_format).decimal == decimal


def test_conversions_round_trip() -> None:
    odds = Odds.from_decimal("2.5")
    assert odds.to_fractional() == Fraction(3, 2)
    assert odds.to_american() == Decimal("150")
    assert Odds.from_decimal("1.5").to_american() == Decimal("-200")
    assert odds.to_hong_kong() == Decimal("1.5")
    assert odds.implied_probability == pytest.approx(0.4)


@pytest.mark.parametrize(
    "bad", ["1.0", "1", "0.5", "0", "-3", "nan", "NaN", "inf", "-inf", "", "  ", "abc", "2,10"]
)
def test_invalid_decimal_odds_are_rejected_naming_the_value(bad: str) -> None:
    with pytest.raises(InvalidOdds) as error:
        Odds.from_decimal(bad)
    assert repr(bad) in str(error.value)


@pytest.mark.parametrize(
    ("text", "odds_format"),
    [
        ("50", OddsFormat.AMERICAN),
        ("-99", OddsFormat.AMERICAN),
        ("0", OddsFormat.HONG_KONG),
        ("3", OddsFormat.FRACTIONAL),
        ("0/1", OddsFormat.FRACTIONAL),
        ("x/2", OddsFormat.FRACTIONAL),
    ],
)
def test_invalid_odds_in_other_formats_are_rejected(text: str, odds_format: OddsFormat) -> None:
    with pytest.raises(InvalidOdds, match="invalid"):
        Odds.parse(text, odds_format)


def test_odds_object_refuses_an_invalid_decimal_directly() -> None:
    with pytest.raises(InvalidOdds, match="greater than 1"):
        Odds(Decimal("0.99"))
    with pytest.raises(InvalidOdds):
        Odds(Decimal("NaN"))


def test_floats_are_read_by_their_shortest_representation() -> None:
    assert Odds.from_decimal(2.1).decimal == Decimal("2.1")
