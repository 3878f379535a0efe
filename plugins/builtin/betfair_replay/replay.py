"""A replayed exchange: the recorded markets of stream files, looked up by stakewise fixture as of a time.

A market belongs to the fixture stakewise derives from the competition, the kickoff date and the team
names of the event ("Home v Away"), as the `betfair-stream` source ingests it: the names must be those
stakewise knows (or aliases of them).
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from application.pipeline.records import fixture_id_for, team_id_for
from plugins.builtin.betfair_replay.stream import MarketSnapshot, read_stream

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime
    from pathlib import Path

STREAM_SUFFIXES = ("", ".jsonl", ".json", ".txt")


def fixture_of(snapshot: MarketSnapshot, competition: str) -> str:
    home, away = team_id_for(snapshot.home_team), team_id_for(snapshot.away_team)
    return str(fixture_id_for(competition, snapshot.kickoff.date(), home, away))


def stream_files(path: Path) -> list[Path]:
    """The file itself, or the stream files of a folder (sorted by name)."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.is_file() and p.suffix in STREAM_SUFFIXES)
    return [path]


class Replay:
    def __init__(self, snapshots: Iterable[MarketSnapshot], competition: str) -> None:
        self._markets: dict[str, dict[str, list[MarketSnapshot]]] = {}
        for snapshot in snapshots:
            fixture = self._markets.setdefault(fixture_of(snapshot, competition), {})
            fixture.setdefault(snapshot.market_id, []).append(snapshot)
        for markets in self._markets.values():
            for history in markets.values():
                history.sort(key=lambda s: s.published_at)

    @classmethod
    def from_path(cls, path: Path, competition: str) -> Replay:
        return cls((s for file in stream_files(path) for s in read_stream(file)), competition)

    def markets_at(self, fixture_id: str, at: datetime) -> list[MarketSnapshot]:
        """The latest state, at `at`, of each market of the fixture recorded by then."""
        found = []
        for history in self._markets.get(fixture_id, {}).values():
            index = bisect.bisect_right([s.published_at for s in history], at)
            if index:
                found.append(history[index - 1])
        return found
