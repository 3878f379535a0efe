"""Reading Betfair Exchange stream files (market-change messages, one JSON per line) with betfairlightweight.

A recorded file (Betfair's historical data, or one recorded from the live stream) is replayed through
betfairlightweight's historical generator stream: each message updates its market cache and yields the
market books as they stand, with the back and lay ladders of every runner. Runners become stakewise
selections by market type: MATCH_ODDS (home, away by sort priority, "The Draw"), OVER_UNDER_nn (over,
under with line n.n); other markets are skipped.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from betfairlightweight import StreamListener
from betfairlightweight.endpoints.streaming import Streaming
from betfairlightweight.exceptions import BetfairError

if TYPE_CHECKING:
    from collections.abc import Iterator

MATCH_ODDS = "MATCH_ODDS"
OVER_UNDER = re.compile(r"^OVER_UNDER_(\d)(\d)$")
THE_DRAW = "the draw"

Level = tuple[Decimal, Decimal]  # (price, size)


class StreamFileError(ValueError):
    """A stream file that cannot be read as market-change messages (the message names the file)."""


@dataclass(frozen=True, slots=True)
class RunnerLadder:
    market: str  # stakewise market code: 1x2 or totals
    selection: str  # home / draw / away / over / under
    line: Decimal | None
    back: tuple[Level, ...]  # available to back, best (highest) price first
    lay: tuple[Level, ...]  # available to lay, best (lowest) price first


@dataclass(frozen=True, slots=True)
class MarketSnapshot:
    market_id: str
    published_at: datetime
    event_name: str
    home_team: str
    away_team: str
    kickoff: datetime
    status: str  # OPEN, SUSPENDED, CLOSED
    in_play: bool
    runners: tuple[RunnerLadder, ...]

    def runner(self, market: str, selection: str, line: Decimal | None) -> RunnerLadder | None:
        return next(
            (r for r in self.runners if (r.market, r.selection, r.line) == (market, selection, line)), None
        )


def read_stream_bytes(content: bytes, name: str) -> list[MarketSnapshot]:
    """The snapshots of a stream held in memory (betfairlightweight replays files: a temporary one)."""
    with tempfile.TemporaryDirectory(prefix="stakewise-betfair-") as folder:
        path = Path(folder) / "stream.jsonl"
        path.write_bytes(content)
        try:
            return list(read_stream(path))
        except StreamFileError as error:
            raise StreamFileError(str(error).replace(str(path), name)) from None


def read_stream(path: Path) -> Iterator[MarketSnapshot]:
    """Every market's state after each message of the file, in the file's order."""
    stream = Streaming.create_historical_generator_stream(
        file_path=str(path), listener=StreamListener(max_latency=None)
    )
    last: dict[str, MarketSnapshot] = {}
    try:
        for books in stream.get_generator()():
            for book in books:  # every market the file has opened so far: keep those that changed
                snapshot = _snapshot(book)
                if snapshot is not None and last.get(snapshot.market_id) != snapshot:
                    last[snapshot.market_id] = snapshot
                    yield snapshot
    except (BetfairError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise StreamFileError(f"{path}: not a Betfair market-change stream ({error})") from error


def _snapshot(book: Any) -> MarketSnapshot | None:
    definition = book.market_definition
    if definition is None or " v " not in (definition.event_name or ""):
        return None
    runners = _runners(definition.market_type or "", definition.runners, book.runners)
    if not runners:
        return None
    home, away = (name.strip() for name in definition.event_name.split(" v ", 1))
    return MarketSnapshot(
        market_id=book.market_id,
        published_at=_aware(book.publish_time),
        event_name=definition.event_name,
        home_team=home,
        away_team=away,
        kickoff=_aware(definition.market_time or definition.open_date),
        status=book.status or definition.status,
        in_play=bool(book.inplay),
        runners=runners,
    )


def _runners(market_type: str, definitions: list[Any], books: list[Any]) -> tuple[RunnerLadder, ...]:
    named = {runner.selection_id: runner for runner in definitions}
    ladders = []
    for book in books:
        definition = named.get(book.selection_id)
        if definition is None or (definition.status or "ACTIVE") != "ACTIVE":
            continue
        found = _selection(market_type, definition)
        if found is not None:
            market, selection, line = found
            back = sorted(_levels(book.ex.available_to_back), reverse=True)
            lay = sorted(_levels(book.ex.available_to_lay))
            ladders.append(RunnerLadder(market, selection, line, tuple(back), tuple(lay)))
    return tuple(ladders)


def _selection(market_type: str, runner: Any) -> tuple[str, str, Decimal | None] | None:
    name = (runner.name or "").strip().casefold()
    if market_type == MATCH_ODDS:
        if name == THE_DRAW:
            return "1x2", "draw", None
        side = {1: "home", 2: "away"}.get(runner.sort_priority)
        return None if side is None else ("1x2", side, None)
    totals = OVER_UNDER.match(market_type)
    if totals is not None:
        line = Decimal(f"{totals.group(1)}.{totals.group(2)}")
        side = "over" if name.startswith("over") else "under" if name.startswith("under") else None
        return None if side is None else ("totals", side, line)
    return None


def _levels(levels: list[Any]) -> tuple[Level, ...]:
    return tuple((Decimal(str(level.price)), Decimal(str(level.size))) for level in levels if level.size > 0)


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
