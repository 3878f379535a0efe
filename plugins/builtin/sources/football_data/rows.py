"""One football-data CSV row → a SourceMatch, or the reason it is rejected.

Row quirks handled here: rows shorter or longer than the header (missing cells are empty, cells under
unnamed columns are not read), `dd/mm/yy` and `dd/mm/yyyy` dates, floats written `2.0`, empty odds (no
quote), `NA` statistics. A row is rejected (quarantined) as a whole, with a reason that starts with a short
code: missing_field, invalid_date, invalid_time, invalid_goals, same_team, result_mismatch, invalid_odds,
invalid_line, invalid_statistic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from application.pipeline.records import Market
from application.pipeline.silver import RowProblem
from application.pipeline.sources import SourceMatch, SourcePrice, SourceResult
from plugins.builtin.sources.football_data.columns import ColumnPlan, PriceColumn
from plugins.builtin.sources.football_data.timing import closing_captured_at, early_captured_at, kickoff_utc

if TYPE_CHECKING:
    from collections.abc import Sequence

ONE = Decimal(1)
_new_tuple = tuple.__new__
MISSING_MARKS = frozenset({"", "na", "n/a", "nan", "-"})


@dataclass(frozen=True, slots=True)
class RowContext:
    """What every row of one file shares."""

    plan: ColumnPlan
    competition: str | None
    season: str | None
    prices_seen: dict[str, Decimal] = field(default_factory=dict)  # a file repeats few distinct prices
    lines_seen: dict[str, Decimal] = field(default_factory=dict)


def parse_row(number: int, cells: Sequence[str], context: RowContext) -> SourceMatch:
    plan = context.plan
    cell = _Cells(cells)
    match_date = parse_date(_required(cell, plan, "Date"))
    kickoff = kickoff_utc(match_date, _time(cell, plan))
    home, away = _required(cell, plan, "HomeTeam"), _required(cell, plan, "AwayTeam")
    if home.casefold() == away.casefold():
        raise RowProblem("same_team", f"{home!r} cannot play itself")
    competition = _value(cell, plan, "Div") or context.competition
    if not competition:
        raise RowProblem("missing_field", "Div is empty and the file's folder names no division")
    return SourceMatch(
        row=number,
        competition=competition,
        season=context.season or season_of(match_date),
        match_date=match_date,
        home_team=home,
        away_team=away,
        kickoff=kickoff,
        result=_result(cell, plan),
        prices=_prices(cells, context, match_date, kickoff),
    )


def parse_date(text: str) -> date:
    try:
        day, month, year = (int(part) for part in text.split("/"))
        if year < 100:
            year += 1900 if year >= 50 else 2000
        return date(year, month, day)
    except ValueError:
        raise RowProblem("invalid_date", f"Date {text!r} is not dd/mm/yy or dd/mm/yyyy") from None


def season_of(match_date: date) -> str:
    """European seasons run from July to June."""
    start = match_date.year if match_date.month >= 7 else match_date.year - 1
    return f"{start}-{start + 1}"


class _Cells:
    __slots__ = ("cells", "size")

    def __init__(self, cells: Sequence[str]) -> None:
        self.cells = cells
        self.size = len(cells)

    def at(self, index: int | None) -> str:
        if index is None or index >= self.size:
            return ""
        return self.cells[index].strip()


def _value(cell: _Cells, plan: ColumnPlan, name: str) -> str:
    return cell.at(plan.get(name))


def _required(cell: _Cells, plan: ColumnPlan, name: str) -> str:
    value = cell.at(plan.get(name))
    if not value:
        raise RowProblem("missing_field", f"{name} is empty")
    return value


def _time(cell: _Cells, plan: ColumnPlan) -> time | None:
    text = _value(cell, plan, "Time")
    if not text:
        return None
    try:
        return datetime.strptime(text, "%H:%M").time()  # noqa: DTZ007  a time of day; the date is dropped
    except ValueError:
        raise RowProblem("invalid_time", f"Time {text!r} is not hh:mm") from None


def _goals(cell: _Cells, plan: ColumnPlan, name: str, required: bool) -> int | None:
    text = _value(cell, plan, name)
    if not text:
        if required:
            raise RowProblem("missing_field", f"{name} is empty")
        return None
    try:
        number = float(text)
    except ValueError:
        raise RowProblem("invalid_goals", f"{name} {text!r} is not a number") from None
    if number < 0 or not number.is_integer():
        raise RowProblem("invalid_goals", f"{name} {text!r} is not a whole number of goals")
    return int(number)


def _result(cell: _Cells, plan: ColumnPlan) -> SourceResult:
    home_goals = _goals(cell, plan, "FTHG", required=True)
    away_goals = _goals(cell, plan, "FTAG", required=True)
    if home_goals is None or away_goals is None:
        raise AssertionError("required=True reads a number or raises")
    _check_result_letter(_value(cell, plan, "FTR"), home_goals, away_goals)
    return SourceResult(
        home_goals=home_goals,
        away_goals=away_goals,
        home_goals_half_time=_goals(cell, plan, "HTHG", required=False),
        away_goals_half_time=_goals(cell, plan, "HTAG", required=False),
        statistics=_statistics(cell, plan),
    )


def _check_result_letter(letter: str, home_goals: int, away_goals: int) -> None:
    expected = "H" if home_goals > away_goals else "A" if home_goals < away_goals else "D"
    if letter and letter != expected:
        raise RowProblem("result_mismatch", f"FTR {letter!r} contradicts the score {home_goals}-{away_goals}")


def _statistics(cell: _Cells, plan: ColumnPlan) -> dict[str, float]:
    found: dict[str, float] = {}
    for index, column, name in plan.statistics:
        text = cell.at(index)
        if text.lower() in MISSING_MARKS:
            continue
        try:
            found[name] = float(text)
        except ValueError:
            raise RowProblem("invalid_statistic", f"{column} {text!r} is not a number") from None
    return found


def _prices(
    cells: Sequence[str], context: RowContext, match_date: date, kickoff: datetime | None
) -> list[Any]:
    early_at, closing_at = early_captured_at(match_date, kickoff), closing_captured_at(match_date, kickoff)
    size, prices_seen, lines_seen = len(cells), context.prices_seen, context.lines_seen
    prices: list[Any] = []
    for column in context.plan.prices:
        text = cells[column.index].strip() if column.index < size else ""
        if not text:
            continue
        price = prices_seen.get(text) or _price(column, text, prices_seen)
        line = column.fixed_line
        if column.line_index is not None or column.market is Market.ASIAN_HANDICAP:
            line = _handicap_line(cells, column, lines_seen)
        captured_at = closing_at if column.is_closing else early_at
        # tuple.__new__ skips NamedTuple's Python-level __new__: millions of prices per ingest
        prices.append(_new_tuple(SourcePrice, (column.market, line, column.selection, column.bookmaker, price,
                                               captured_at, column.is_closing)))  # fmt: skip
    return prices


def _price(column: PriceColumn, text: str, seen: dict[str, Decimal]) -> Decimal:
    try:
        price = Decimal(text)
    except InvalidOperation:
        raise RowProblem("invalid_odds", f"{column.name} {text!r} is not a number") from None
    if not price.is_finite() or price <= ONE:
        raise RowProblem("invalid_odds", f"{column.name} {text!r}: decimal odds must be above 1")
    seen[text] = price
    return price


def _handicap_line(cells: Sequence[str], column: PriceColumn, seen: dict[str, Decimal]) -> Decimal:
    index = column.line_index
    text = cells[index].strip() if index is not None and index < len(cells) else ""
    if not text:
        raise RowProblem("invalid_line", f"{column.name} has a price but the handicap line is missing")
    home_line = seen.get(text)
    if home_line is None:
        home_line = seen[text] = parse_handicap(text, column.name)
    return -home_line if column.away_side else home_line


def parse_handicap(text: str, column: str) -> Decimal:
    """A handicap line: "-0.25", a split line "-1,-1.5" (its mean), or a fraction "-1 1/4"."""
    try:
        line = _line_value(text)
    except (InvalidOperation, ValueError, ZeroDivisionError):
        raise RowProblem("invalid_line", f"handicap line {text!r} for {column} is not a number") from None
    if not line.is_finite() or (line * 4) % 1 != 0:
        raise RowProblem("invalid_line", f"handicap line {text!r} for {column} is not a quarter-goal line")
    return line


def _line_value(text: str) -> Decimal:
    if "," in text:
        parts = [Decimal(part) for part in text.split(",")]
        return sum(parts, Decimal(0)) / len(parts)
    if "/" in text:
        return _fractional_line(text)
    return Decimal(text)


def _fractional_line(text: str) -> Decimal:
    sign = -1 if text.startswith("-") else 1
    whole, _, fraction = text.lstrip("+-").rpartition(" ")
    numerator, denominator = fraction.split("/")
    return sign * (Decimal(whole or 0) + Decimal(numerator) / Decimal(denominator))
