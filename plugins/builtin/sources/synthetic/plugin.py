"""Built-in plugin `synthetic`: a generated league (see league.py), one payload per season.

Locator: comma-separated options, all optional: `seasons=3,seed=42,teams=20,first_season=2021`
(`stakewise ingest synthetic --seasons 3 --seed 42` writes it), and `around=YYYY-MM-DD` or `around=today`
(the clock's date) to place the league live on that date: finished matchweeks before it, the next ones
upcoming and priced (league.py). The generated JSON is the payload, so bronze keeps it like any download
and the same options (and the same date) are the same batches.
"""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from application.pipeline.records import Competition, Market, Selection
from application.pipeline.silver import RowProblem
from application.pipeline.sources import (
    ParsedPayload,
    PayloadError,
    RawPayload,
    RejectedRow,
    SourceMatch,
    SourcePrice,
    SourceResult,
)
from plugins.builtin.sources.json_fields import date_field, decimal_odds, text_field, timestamp_field
from plugins.builtin.sources.synthetic.league import Options, generate
from plugins.builtin.sources.text import decode_json
from plugins.hookspecs import SourceContext, hookimpl

if TYPE_CHECKING:
    from collections.abc import Iterator

NAME = "synthetic"
FORMAT = "stakewise-synthetic/1"
COMPETITION = Competition("SYN", "Synthetic League", None)
LIMITS = {"seasons": (1, 50), "seed": (-(2**63), 2**63 - 1), "teams": (4, 40), "first_season": (1900, 2100)}


class SyntheticSource:
    name = NAME

    def __init__(self, context: SourceContext) -> None:
        self._clock = context.clock

    def fetch(self, locator: str) -> Iterator[RawPayload]:
        options = parse_options(locator, self._clock.now().date())
        placed = "" if options.around is None else f",around={options.around.isoformat()}"
        for season, document in generate(options):
            described = f"synthetic:seed={options.seed},teams={options.teams},season={season}{placed}"
            content = {"format": FORMAT, "seed": options.seed, "competition": COMPETITION.code, **document}
            payload = json.dumps(content, sort_keys=True, separators=(",", ":")).encode()
            yield RawPayload(NAME, described, payload, self._clock.now())

    def parse(self, payload: RawPayload) -> ParsedPayload:
        document = decode_json(payload.locator, payload.content, "synthetic league JSON")
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise PayloadError(payload.locator, f"not a {FORMAT} document")
        season, matches = document.get("season"), document.get("matches")
        if not isinstance(season, str) or not isinstance(matches, list):
            raise PayloadError(payload.locator, "a synthetic season needs `season` and a list of `matches`")
        parsed: list[SourceMatch] = []
        rejected: list[RejectedRow] = []
        for row, match in enumerate(matches, start=1):
            try:
                parsed.append(_match(row, season, match))
            except RowProblem as problem:
                rejected.append(RejectedRow(row, problem.reason, json.dumps(match, sort_keys=True)[:4000]))
        return ParsedPayload(competitions=[COMPETITION], matches=parsed, rejected=rejected)


def parse_options(locator: str, today: date | None = None) -> Options:
    """`seasons=3,seed=42,...` → Options; an unknown name or a bad value is a PayloadError naming it.

    `around=today` is `today` (the clock's date, which the caller passes).
    """
    names = {field.name for field in fields(Options)}
    values: dict[str, int] = {}
    around: date | None = None
    for part in filter(None, (piece.strip() for piece in locator.split(","))):
        name, _, text = part.partition("=")
        if name not in names:
            raise PayloadError(
                locator, f"unknown synthetic option {name!r} (known: {', '.join(sorted(names))})"
            )
        if name == "around":
            around = _date_option(locator, text, today)
            continue
        try:
            values[name] = int(text)
        except ValueError:
            raise PayloadError(locator, f"synthetic option {name}={text!r} is not a whole number") from None
        low, high = LIMITS[name]
        if not low <= values[name] <= high:
            raise PayloadError(locator, f"synthetic option {name}={text} is outside {low}..{high}")
    return Options(**values, around=around)


def _date_option(locator: str, text: str, today: date | None) -> date:
    if text == "today" and today is not None:
        return today
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PayloadError(
            locator, f"synthetic option around={text!r} is not a date (YYYY-MM-DD) or `today`"
        ) from None


def _match(row: int, season: str, match: object) -> SourceMatch:
    if not isinstance(match, dict):
        raise RowProblem("invalid_event", "a match must be a JSON object")
    kickoff = timestamp_field(match, "kickoff")
    upcoming = "home_goals" not in match and "away_goals" not in match  # a placed league's later matches
    result = None if upcoming else SourceResult(_goals(match, "home_goals"), _goals(match, "away_goals"))
    prices = [_price(price) for price in match.get("prices", [])]
    return SourceMatch(row, COMPETITION.code, season, date_field(match, "date"), text_field(match, "home"),
                       text_field(match, "away"), kickoff, result, prices)  # fmt: skip


def _goals(match: dict[str, Any], name: str) -> int:
    value = match.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RowProblem("invalid_goals", f"{name} {value!r} is not a number of goals")
    return value


def _price(price: object) -> SourcePrice:
    if not isinstance(price, dict):
        raise RowProblem("invalid_event", "a price must be a JSON object")
    try:
        market, selection = Market(str(price.get("market"))), Selection(str(price.get("selection")))
    except ValueError:
        raise RowProblem("invalid_event", f"unknown market or selection in {price!r}") from None
    line = price.get("line")
    return SourcePrice(market, None if line is None else Decimal(str(line)), selection,
                       text_field(price, "bookmaker"), decimal_odds(price.get("price"), market.value),
                       timestamp_field(price, "captured_at"), bool(price.get("closing")))  # fmt: skip


@hookimpl
def stakewise_data_sources(context: SourceContext) -> list[SyntheticSource]:
    return [SyntheticSource(context)]
