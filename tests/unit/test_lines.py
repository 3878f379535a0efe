from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import InvalidMarket
from domain.lines import (
    LineOutcome,
    is_quarter_line,
    parse_line,
    settle_handicap,
    settle_line,
    settle_over,
    settle_under,
    split_line,
)

lines = st.integers(min_value=-40, max_value=40).map(lambda quarters: Decimal(quarters) / 4)
margins = st.integers(min_value=-12, max_value=12)
odds = st.decimals(min_value="1.01", max_value="50", places=2)


@pytest.mark.parametrize(
    ("margin", "line", "expected"),
    [
        (1, "0", LineOutcome.WIN),
        (0, "0", LineOutcome.PUSH),
        (-1, "0", LineOutcome.LOSS),
        (0, "-0.5", LineOutcome.LOSS),
        (0, "0.5", LineOutcome.WIN),
        (1, "-1", LineOutcome.PUSH),
        (0, "-0.25", LineOutcome.HALF_LOSS),
        (0, "0.25", LineOutcome.HALF_WIN),
        (1, "-0.75", LineOutcome.HALF_WIN),
        (2, "-0.75", LineOutcome.WIN),
        (-1, "0.75", LineOutcome.HALF_LOSS),
        (-1, "1.25", LineOutcome.HALF_WIN),
        (-2, "1.25", LineOutcome.LOSS),
    ],
)
def test_settles_margin_against_line(margin: int, line: str, expected: LineOutcome) -> None:
    assert settle_line(margin, line) is expected


@pytest.mark.parametrize(
    ("total", "line", "over", "under"),
    [
        (3, "2.5", LineOutcome.WIN, LineOutcome.LOSS),
        (2, "2.5", LineOutcome.LOSS, LineOutcome.WIN),
        (2, "2", LineOutcome.PUSH, LineOutcome.PUSH),
        (2, "2.25", LineOutcome.HALF_LOSS, LineOutcome.HALF_WIN),
        (2, "1.75", LineOutcome.HALF_WIN, LineOutcome.HALF_LOSS),
        (3, "2.75", LineOutcome.HALF_WIN, LineOutcome.HALF_LOSS),
        (4, "2.75", LineOutcome.WIN, LineOutcome.LOSS),
    ],
)
def test_totals_settle_from_total_goals(total: int, line: str, over: LineOutcome, under: LineOutcome) -> None:
    assert settle_over(total, line) is over
    assert settle_under(total, line) is under


def test_handicap_uses_home_minus_away() -> None:
    assert settle_handicap(2, 1, "-1") is LineOutcome.PUSH
    assert settle_handicap(1, 2, "1.5") is LineOutcome.WIN


@pytest.mark.parametrize("line", ["0.1", "2.3", 0.2, "abc", "", "nan", "inf", float("nan"), True])
def test_rejects_lines_off_the_quarter_grid(line: object) -> None:
    with pytest.raises(InvalidMarket, match="line"):
        settle_line(0, line)  # type: ignore[arg-type]


def test_parse_line_is_canonical() -> None:
    assert str(parse_line("2.50")) == "2.5"
    assert str(parse_line(3.0)) == "3"
    assert str(parse_line("-0.250")) == "-0.25"
    assert split_line("2.25") == (Decimal(2), Decimal("2.5"))
    assert split_line("-0.75") == (Decimal("-1"), Decimal("-0.5"))
    assert is_quarter_line("1.75")
    assert not is_quarter_line("1.5")


@given(margin=margins, quarters=st.integers(min_value=-20, max_value=19), price=odds)
def test_quarter_line_returns_the_mean_of_its_half_lines(margin: int, quarters: int, price: Decimal) -> None:
    quarter_line = Decimal(2 * quarters + 1) / 4
    halves = [quarter_line - Decimal("0.25"), quarter_line + Decimal("0.25")]
    half_returns = [settle_line(margin, half).return_multiplier(price) for half in halves]
    assert settle_line(margin, quarter_line).return_multiplier(price) == sum(half_returns) / 2


@given(margin=margins, line=lines)
def test_whole_and_half_lines_settle_by_the_sign_of_margin_plus_line(margin: int, line: Decimal) -> None:
    if is_quarter_line(line):
        return
    outcome = settle_line(margin, line)
    adjusted = margin + line
    expected = LineOutcome.WIN if adjusted > 0 else LineOutcome.PUSH if adjusted == 0 else LineOutcome.LOSS
    assert outcome is expected


@given(margin=margins, line=lines)
def test_the_other_side_of_a_line_mirrors_it(margin: int, line: Decimal) -> None:
    mirror = {
        LineOutcome.WIN: LineOutcome.LOSS,
        LineOutcome.HALF_WIN: LineOutcome.HALF_LOSS,
        LineOutcome.PUSH: LineOutcome.PUSH,
        LineOutcome.HALF_LOSS: LineOutcome.HALF_WIN,
        LineOutcome.LOSS: LineOutcome.WIN,
    }
    assert settle_line(-margin, -line) is mirror[settle_line(margin, line)]


def test_return_multipliers() -> None:
    price = Decimal("1.9")
    returns = {outcome: outcome.return_multiplier(price) for outcome in LineOutcome}
    assert returns == {
        LineOutcome.WIN: Decimal("1.9"),
        LineOutcome.HALF_WIN: Decimal("1.45"),
        LineOutcome.PUSH: Decimal(1),
        LineOutcome.HALF_LOSS: Decimal("0.5"),
        LineOutcome.LOSS: Decimal(0),
    }
