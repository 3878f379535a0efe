"""The data source `betfair-stream`: recorded Betfair Exchange stream files into the price book.

`stakewise ingest betfair-stream PATH[?competition=CODE]`: PATH is one stream file or a folder of them
(each file one payload). Every event ("Home v Away") becomes a fixture of the competition (BFX, "Betfair
Exchange replay", unless named) on its kickoff date; the best price available to back of each selection
becomes a quote of the bookmaker `betfair-exchange` each time it changes, captured at the message's
publish time. The last price before the market went in play (or closed) is the closing price. The depth
of the ladder stays in the file, where the exchange replay gateway matches orders against it.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from application.pipeline.records import Competition, Market, Selection
from application.pipeline.sources import ParsedPayload, PayloadError, RawPayload, SourceMatch, SourcePrice
from plugins.builtin.betfair_replay.exchange import BOOKMAKER, DEFAULT_COMPETITION
from plugins.builtin.betfair_replay.replay import stream_files
from plugins.builtin.betfair_replay.stream import MarketSnapshot, StreamFileError, read_stream_bytes
from plugins.builtin.sources.json_fields import season_of

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import datetime

    from plugins.hookspecs import SourceContext

NAME = "betfair-stream"
REPLAY_COMPETITION = Competition(DEFAULT_COMPETITION, "Betfair Exchange replay", None)
PriceKey = tuple[str, str, str, Decimal | None]  # market id, market code, selection, line


class BetfairStreamSource:
    name = NAME

    def __init__(self, context: SourceContext) -> None:
        self._clock = context.clock

    def fetch(self, locator: str) -> Iterator[RawPayload]:
        path, competition = _locator(locator)
        if not path.exists():
            raise PayloadError(locator, "no such stream file or folder")
        for file in stream_files(path):
            described = f"{file}?competition={competition}"
            yield RawPayload(NAME, described, file.read_bytes(), self._clock.now())

    def parse(self, payload: RawPayload) -> ParsedPayload:
        _, code = _locator(payload.locator)
        try:
            snapshots = read_stream_bytes(payload.content, payload.locator)
        except StreamFileError as error:
            raise PayloadError(payload.locator, str(error)) from None
        if not snapshots:
            raise PayloadError(
                payload.locator, "no football market (MATCH_ODDS, OVER_UNDER_nn) in the stream"
            )
        competition = REPLAY_COMPETITION if code == DEFAULT_COMPETITION else Competition(code, code, None)
        return ParsedPayload(competitions=[competition], matches=_matches(snapshots, code))


def _locator(locator: str) -> tuple[Path, str]:
    path, _, query = locator.partition("?")
    options = parse_qs(query)
    unknown = sorted(set(options) - {"competition"})
    if unknown:
        raise PayloadError(locator, f"unknown option {unknown[0]!r} (known: competition)")
    return Path(path), options.get("competition", [DEFAULT_COMPETITION])[0]


def _matches(snapshots: list[MarketSnapshot], competition: str) -> list[SourceMatch]:
    events: dict[tuple[str, datetime], list[MarketSnapshot]] = {}
    for snapshot in snapshots:
        events.setdefault((snapshot.event_name, snapshot.kickoff), []).append(snapshot)
    matches = []
    for row, ((_, kickoff), history) in enumerate(sorted(events.items(), key=lambda e: e[0][1]), start=1):
        first = history[0]
        matches.append(SourceMatch(row, competition, season_of(kickoff.date()), kickoff.date(),
                                   first.home_team, first.away_team, kickoff, None,
                                   _prices(history)))  # fmt: skip
    return matches


def _prices(history: list[MarketSnapshot]) -> list[SourcePrice]:
    """The best back price of each selection each time it changes; the last one before the off closes."""
    latest: dict[PriceKey, SourcePrice] = {}
    prices: list[SourcePrice] = []
    for snapshot in history:
        if snapshot.in_play or snapshot.status == "CLOSED":
            for key in [key for key in latest if key[0] == snapshot.market_id]:
                prices.remove(latest[key])
                prices.append(latest.pop(key)._replace(is_closing=True))
            continue
        for runner in snapshot.runners:
            key = (snapshot.market_id, runner.market, runner.selection, runner.line)
            if not runner.back or (key in latest and latest[key].price == runner.back[0][0]):
                continue
            price = SourcePrice(Market(runner.market), runner.line, Selection(runner.selection), BOOKMAKER,
                                runner.back[0][0], snapshot.published_at, False)  # fmt: skip
            latest[key] = price
            prices.append(price)
    return prices
