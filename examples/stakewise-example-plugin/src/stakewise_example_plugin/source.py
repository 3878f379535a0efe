"""The `example-csv` data source: one match per line, closing 1X2 prices of one bookmaker."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

from application.pipeline.records import Competition, Market, Selection
from application.pipeline.sources import (
    ParsedPayload,
    PayloadError,
    RawPayload,
    RejectedRow,
    SourceMatch,
    SourcePrice,
    SourceResult,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from plugins.hookspecs import SourceContext

NAME = "example-csv"
COMPETITION = Competition("EX", "Example League", "Nowhere")
COLUMNS = ("date", "home", "away", "home_goals", "away_goals", "home_odds", "draw_odds", "away_odds")
SELECTIONS = (Selection.HOME, Selection.DRAW, Selection.AWAY)


class ExampleCsvSource:
    name = NAME

    def __init__(self, context: SourceContext) -> None:
        self._clock = context.clock

    def fetch(self, locator: str) -> Iterator[RawPayload]:
        path = Path(locator)
        files = sorted(path.glob("*.csv")) if path.is_dir() else [path]
        for file in files:
            if not file.is_file():
                raise PayloadError(locator, "no such file")
            yield RawPayload(NAME, str(file), file.read_bytes(), self._clock.now())

    def parse(self, payload: RawPayload) -> ParsedPayload:
        lines = payload.content.decode("utf-8-sig").splitlines()
        if not lines or tuple(next(csv.reader(lines[:1]))) != COLUMNS:
            raise PayloadError(payload.locator, f"expected the header {','.join(COLUMNS)}")
        matches, rejected = [], []
        for number, cells in enumerate(csv.reader(lines[1:]), start=2):
            try:
                matches.append(_match(number, cells))
            except (ValueError, InvalidOperation) as error:
                rejected.append(RejectedRow(number, f"invalid_row: {error}", lines[number - 1]))
        return ParsedPayload(competitions=[COMPETITION], matches=matches, rejected=rejected)


def _match(number: int, cells: list[str]) -> SourceMatch:
    day, home, away, home_goals, away_goals, *odds = cells
    match_date = date.fromisoformat(day)
    kickoff = datetime.combine(match_date, time(15), UTC)
    quoted = zip(SELECTIONS, odds, strict=True)
    prices = [_price(selection, text, kickoff) for selection, text in quoted if text]
    result = SourceResult(int(home_goals), int(away_goals))
    start = match_date.year if match_date.month >= 7 else match_date.year - 1
    season = f"{start}-{start + 1}"
    return SourceMatch(number, COMPETITION.code, season, match_date, home, away, kickoff, result, prices)


def _price(selection: Selection, text: str, kickoff: datetime) -> SourcePrice:
    price = Decimal(text)
    if price <= 1:
        raise ValueError(f"{selection.value} odds {text} must be above 1")
    return SourcePrice(Market.MATCH_RESULT, None, selection, "example-book", price, kickoff, True)
