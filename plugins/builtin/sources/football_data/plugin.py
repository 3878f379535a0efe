"""Built-in plugin `football-data`: football-data.co.uk CSV files from a file, a directory or a URL."""

from __future__ import annotations

import csv
import re
from pathlib import PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from application.pipeline.silver import RowProblem
from application.pipeline.sources import ParsedPayload, RawPayload, RejectedRow, SourceMatch
from plugins.builtin.sources.fetch import fetch
from plugins.builtin.sources.football_data.columns import plan_columns
from plugins.builtin.sources.football_data.competitions import competition
from plugins.builtin.sources.football_data.rows import RowContext, parse_row
from plugins.builtin.sources.text import decode_text
from plugins.hookspecs import SourceContext, hookimpl

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

NAME = "football-data"
DIVISION = re.compile(r"^[A-Z]{1,3}\d?$")
SEASON = re.compile(r"^(\d{4})-(\d{4})$")
SHORT_SEASON = re.compile(r"^(\d{2})(\d{2})$")  # football-data.co.uk URLs: /mmz4281/2425/E0.csv


class FootballDataSource:
    name = NAME

    def __init__(self, context: SourceContext) -> None:
        self._context = context
        self._codes = {
            code: bookmaker.key
            for bookmaker in context.bookmakers.values()
            for code in bookmaker.codes.get(NAME, ())
        }

    def fetch(self, locator: str) -> Iterator[RawPayload]:
        return fetch(NAME, locator, self._context.clock, (".csv",), self._context.http_timeout_seconds)

    def parse(self, payload: RawPayload) -> ParsedPayload:
        return parse_csv(payload.locator, payload.content, self._codes)


def parse_csv(locator: str, content: bytes, codes: Mapping[str, str]) -> ParsedPayload:
    lines = decode_text(locator, content, "CSV").splitlines()
    plan = plan_columns(locator, next(csv.reader(lines[:1])), codes)
    context = RowContext(plan, *_division_and_season(locator))
    cut_off = len(lines) if not content.endswith((b"\n", b"\r")) else None
    matches: list[SourceMatch] = []
    rejected: list[RejectedRow] = []
    empty = 0
    seen: dict[tuple[str, object, str, str], int] = {}
    for number, cells in enumerate(csv.reader(lines[1:]), start=2):
        if not any(cell.strip() for cell in cells):
            empty += 1
            continue
        try:
            if number == cut_off:
                raise RowProblem("truncated_row", "the payload ends inside this line (no line end after it)")
            match = parse_row(number, cells, context)
            _check_unique(match, seen)
            matches.append(match)
        except RowProblem as rejection:
            rejected.append(RejectedRow(number, rejection.reason, lines[number - 1]))
    codes_seen = sorted({match.competition for match in matches})
    return ParsedPayload(competitions=[competition(code) for code in codes_seen], matches=matches,
                         rejected=rejected, empty_rows=empty)  # fmt: skip


def _check_unique(match: SourceMatch, seen: dict[tuple[str, object, str, str], int]) -> None:
    key = (match.competition, match.match_date, match.home_team.casefold(), match.away_team.casefold())
    if key in seen:
        raise RowProblem("duplicate_fixture", f"the same match as row {seen[key]}")
    seen[key] = match.row


def _division_and_season(locator: str) -> tuple[str | None, str | None]:
    path = PurePosixPath(urlparse(locator).path if "://" in locator else locator.replace("\\", "/"))
    folder, stem = path.parent.name, path.stem
    if DIVISION.match(folder) and SEASON.match(stem):
        return folder, stem
    if DIVISION.match(stem) and SHORT_SEASON.match(folder):
        first, second = SHORT_SEASON.match(folder).groups()  # type: ignore[union-attr]
        return stem, f"{_century(first)}{first}-{_century(second)}{second}"
    return None, None


def _century(two_digits: str) -> str:
    return "19" if int(two_digits) >= 50 else "20"


@hookimpl
def stakewise_data_sources(context: SourceContext) -> list[FootballDataSource]:
    return [FootballDataSource(context)]
