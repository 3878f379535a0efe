"""Built-in plugin `availability`: injuries and suspensions per fixture, in a small documented JSON format.

    {"format": "stakewise-availability/1",
     "records": [{"competition": "E0", "date": "2024-08-17", "home_team": "Arsenal", "away_team": "Wolves",
                  "team": "Arsenal", "player": "B. Saka", "status": "injured", "reason": "hamstring",
                  "reported_at": "2024-08-15T12:00:00Z"}]}

A bare list of records is accepted too. `status` is injured, suspended, doubtful or available; `reason` is
optional; `date` is the match day (UK date, as football-data's), `reported_at` when the news was public
(a feature may use it only after that moment). Team names go through the alias table. Each record is one
source row: a record naming an unknown fixture or a team playing neither side is quarantined.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from application.pipeline.records import AvailabilityStatus
from application.pipeline.silver import RowProblem
from application.pipeline.sources import (
    ParsedPayload,
    PayloadError,
    RawPayload,
    RejectedRow,
    SourceAvailability,
)
from plugins.builtin.sources.fetch import fetch
from plugins.builtin.sources.json_fields import date_field, optional_text, text_field, timestamp_field
from plugins.builtin.sources.text import decode_json
from plugins.hookspecs import SourceContext, hookimpl

if TYPE_CHECKING:
    from collections.abc import Iterator

NAME = "availability"
FORMAT = "stakewise-availability/1"
STATUSES = ", ".join(status.value for status in AvailabilityStatus)


class AvailabilitySource:
    name = NAME

    def __init__(self, context: SourceContext) -> None:
        self._context = context

    def fetch(self, locator: str) -> Iterator[RawPayload]:
        return fetch(NAME, locator, self._context.clock, (".json",), self._context.http_timeout_seconds)

    def parse(self, payload: RawPayload) -> ParsedPayload:
        document = decode_json(payload.locator, payload.content, "availability JSON")
        records = _records(payload.locator, document)
        rows: list[SourceAvailability] = []
        rejected: list[RejectedRow] = []
        for row, record in enumerate(records, start=1):
            try:
                rows.append(_record(row, record))
            except RowProblem as problem:
                rejected.append(RejectedRow(row, problem.reason, json.dumps(record, sort_keys=True)[:2000]))
        return ParsedPayload(availability=rows, rejected=rejected)


def _records(locator: str, document: object) -> list[object]:
    if isinstance(document, dict):
        if document.get("format") not in (None, FORMAT):
            raise PayloadError(locator, f"format {document.get('format')!r} is not {FORMAT}")
        document = document.get("records")
    if not isinstance(document, list):
        raise PayloadError(
            locator, f'expected {{"format": "{FORMAT}", "records": [...]}} or a list of records'
        )
    return document


def _record(row: int, record: object) -> SourceAvailability:
    if not isinstance(record, dict):
        raise RowProblem("invalid_record", "a record must be a JSON object")
    status = text_field(record, "status").lower()
    if status not in AvailabilityStatus.__members__.values():
        raise RowProblem("invalid_status", f"status {status!r} is not one of {STATUSES}")
    return SourceAvailability(
        row=row,
        competition=text_field(record, "competition"),
        match_date=date_field(record, "date"),
        home_team=text_field(record, "home_team"),
        away_team=text_field(record, "away_team"),
        team=text_field(record, "team"),
        player=text_field(record, "player"),
        status=AvailabilityStatus(status),
        reason=optional_text(record, "reason"),
        reported_at=timestamp_field(record, "reported_at"),
    )


@hookimpl
def stakewise_data_sources(context: SourceContext) -> list[AvailabilitySource]:
    return [AvailabilitySource(context)]
