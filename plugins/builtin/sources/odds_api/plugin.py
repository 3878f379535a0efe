"""Built-in plugin `odds-api`: The Odds API v4 JSON (events → bookmakers → markets → outcomes).

A payload is the list of events of `/v4/sports/{sport}/odds` (or the object of the historical endpoint,
whose `data` holds that list). Each event is one source row: a fixture (the sport key names the
competition, `commence_time` the kickoff) and its prices. Markets read: `h2h` (1X2), `totals` and
`spreads` (Asian handicap, `point` read from the selected side). Every price is stamped with its market's
`last_update` (else its bookmaker's, else when the payload was fetched) and is an early price: the API
quotes the market as it stands, not its close. Team names are The Odds API's full names; the aliases below
join them to the football-data names.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from application.pipeline.records import Competition, Market, Selection
from application.pipeline.silver import RowProblem
from application.pipeline.sources import (
    ParsedPayload,
    PayloadError,
    RawPayload,
    RejectedRow,
    SourceMatch,
    SourcePrice,
)
from plugins.builtin.sources import catalogue
from plugins.builtin.sources.fetch import fetch
from plugins.builtin.sources.json_fields import decimal_odds, season_of, text_field, timestamp_field
from plugins.builtin.sources.odds_api.names import COMPETITIONS, TEAM_ALIASES
from plugins.builtin.sources.text import decode_json
from plugins.hookspecs import SourceContext, hookimpl

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from datetime import datetime

NAME = "odds-api"
UK = ZoneInfo("Europe/London")  # football-data dates are UK dates: fixtures join on the same calendar
MARKETS = {"h2h": Market.MATCH_RESULT, "totals": Market.TOTALS, "spreads": Market.ASIAN_HANDICAP}


class OddsApiSource:
    name = NAME

    def __init__(self, context: SourceContext) -> None:
        self._context = context
        self._bookmakers = {
            code: book.key for book in context.bookmakers.values() for code in book.codes.get(NAME, ())
        }

    def fetch(self, locator: str) -> Iterator[RawPayload]:
        return fetch(NAME, locator, self._context.clock, (".json",), self._context.http_timeout_seconds)

    def parse(self, payload: RawPayload) -> ParsedPayload:
        events = _events(payload.locator, decode_json(payload.locator, payload.content, "The Odds API JSON"))
        matches: list[SourceMatch] = []
        rejected: list[RejectedRow] = []
        competitions: dict[str, Competition] = {}
        for row, event in enumerate(events, start=1):
            try:
                match = _match(row, event, payload.fetched_at, self._bookmakers)
            except RowProblem as problem:
                rejected.append(RejectedRow(row, problem.reason, json.dumps(event, sort_keys=True)[:4000]))
                continue
            matches.append(match)
            competitions.setdefault(match.competition, _competition(event))
        listed = sorted(competitions.values(), key=lambda competition: competition.code)
        return ParsedPayload(competitions=listed, matches=matches, rejected=rejected, aliases=TEAM_ALIASES)


def _events(locator: str, document: object) -> list[Any]:
    if isinstance(document, dict) and isinstance(document.get("data"), list):
        document = document["data"]
    if isinstance(document, dict) and "message" in document:
        raise PayloadError(locator, f"The Odds API answered with an error: {document['message']}")
    if not isinstance(document, list):
        raise PayloadError(locator, "expected a JSON list of events (or an object whose `data` is one)")
    return document


def _match(row: int, event: object, fetched_at: datetime, bookmakers: Mapping[str, str]) -> SourceMatch:
    if not isinstance(event, dict):
        raise RowProblem("invalid_event", "an event must be a JSON object")
    kickoff = timestamp_field(event, "commence_time")
    home, away = text_field(event, "home_team"), text_field(event, "away_team")
    sport = text_field(event, "sport_key")
    competition = COMPETITIONS[sport][0] if sport in COMPETITIONS else catalogue.code_of(NAME, sport) or sport
    match_date = kickoff.astimezone(UK).date()
    prices = [
        price
        for bookmaker in _list(event, "bookmakers")
        for price in _bookmaker_prices(bookmaker, home, away, fetched_at, bookmakers)
    ]
    return SourceMatch(row, competition, season_of(match_date), match_date, home, away, kickoff, None, prices)


def _bookmaker_prices(
    bookmaker: object, home: str, away: str, fetched_at: datetime, keys: Mapping[str, str]
) -> list[SourcePrice]:
    if not isinstance(bookmaker, dict):
        raise RowProblem("invalid_event", "a bookmaker must be a JSON object")
    code = text_field(bookmaker, "key")
    stamped = timestamp_field(bookmaker, "last_update") if "last_update" in bookmaker else fetched_at
    prices: list[SourcePrice] = []
    for market in _list(bookmaker, "markets"):
        if not isinstance(market, dict) or market.get("key") not in MARKETS:
            continue  # other markets (e.g. h2h_lay, outrights) are not stored
        at = timestamp_field(market, "last_update") if "last_update" in market else stamped
        kind = MARKETS[market["key"]]
        prices += [
            _price(kind, outcome, home, away, keys.get(code, code), at)
            for outcome in _list(market, "outcomes")
        ]
    return prices


def _price(
    market: Market, outcome: object, home: str, away: str, bookmaker: str, at: datetime
) -> SourcePrice:
    if not isinstance(outcome, dict):
        raise RowProblem("invalid_event", "an outcome must be a JSON object")
    name = text_field(outcome, "name")
    selection = _selection(market, name, home, away)
    price = decimal_odds(outcome.get("price"), f"{bookmaker} {market.value} {name}")
    line = None if market is Market.MATCH_RESULT else _point(outcome, f"{bookmaker} {market.value} {name}")
    return SourcePrice(market, line, selection, bookmaker, price, at, False)


def _selection(market: Market, name: str, home: str, away: str) -> Selection:
    named = {home: Selection.HOME, away: Selection.AWAY, "Over": Selection.OVER, "Under": Selection.UNDER}
    if market is Market.MATCH_RESULT:
        named["Draw"] = Selection.DRAW
    selection = named.get(name)
    allowed = {Market.TOTALS: (Selection.OVER, Selection.UNDER)}.get(market, (Selection.HOME, Selection.DRAW,
                                                                              Selection.AWAY))  # fmt: skip
    if selection is None or selection not in allowed:
        raise RowProblem(
            "unknown_outcome", f"{market.value} outcome {name!r} is neither side of {home} v {away}"
        )
    return selection


def _point(outcome: dict[str, Any], what: str) -> Decimal:
    point = outcome.get("point")
    if isinstance(point, bool) or not isinstance(point, int | float):
        raise RowProblem("invalid_line", f"{what} has no numeric point")
    line = Decimal(str(point))
    if (line * 4) % 1 != 0:
        raise RowProblem("invalid_line", f"{what} point {point} is not a quarter-goal line")
    return line


def _list(item: dict[str, Any], name: str) -> list[Any]:
    value = item.get(name, [])
    if not isinstance(value, list):
        raise RowProblem("invalid_event", f"{name} must be a list")
    return value


def _competition(event: dict[str, Any]) -> Competition:
    """The catalogue's competition (with its youth/college facts); else as the sport key names it."""
    sport = event["sport_key"]
    title = event.get("sport_title")
    code, name, country = COMPETITIONS.get(
        sport,
        (catalogue.code_of(NAME, sport) or sport, title if isinstance(title, str) and title else sport, None),
    )
    return catalogue.competition(code, name, country)


@hookimpl
def stakewise_data_sources(context: SourceContext) -> list[OddsApiSource]:
    return [OddsApiSource(context)]
