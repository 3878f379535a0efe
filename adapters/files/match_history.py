"""Match history read straight from a data source's files (e.g. football-data CSVs), no database needed.

The source fetches and parses the payloads as `stakewise ingest` would; each match of the league asked
becomes a MatchRecord with the same fixture id and dataset version (batch id) the database would give it.
A folder with one sub-folder per league (`PATH/E0/*.csv`, the football-data layout) is read for the asked
league only.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from application.errors import NotFound
from application.modelling.assembly import match_record
from application.pipeline.records import batch_id_for, fixture_id_for, team_id_for
from application.pipeline.sources import PayloadError, RawPayload, SourceMatch
from application.ports.match_history import LeagueHistory
from domain.errors import DomainError

if TYPE_CHECKING:
    from application.modelling.records import MatchRecord
    from application.ports.data_source import DataSource


class SourceMatchHistory:
    def __init__(self, source: DataSource, locator: str) -> None:
        self._source = source
        self._locator = locator

    async def league(self, league: str) -> LeagueHistory:
        """NotFound when the path does not exist or holds no match of the league; a file that cannot be
        read as a whole is a DomainError naming it."""
        matches: list[MatchRecord] = []
        versions: list[str] = []
        for payload in self._payloads(league):
            try:
                parsed = self._source.parse(payload)
            except PayloadError as error:
                raise DomainError(f"cannot read {error.locator}: {error.reason}") from None
            found = [m for m in parsed.matches if m.competition == league]
            if found:
                versions.append(
                    str(batch_id_for(payload.source, hashlib.sha256(payload.content).hexdigest()))
                )
                matches += [_record(match) for match in found]
        if not matches:
            raise NotFound("league", f"{league} in {self._locator}")
        return LeagueHistory(league, matches, tuple(versions))

    def _payloads(self, league: str) -> list[RawPayload]:
        try:
            return list(self._source.fetch(self._league_locator(league)))
        except PayloadError as error:
            raise NotFound("data", f"{error.locator} ({error.reason})") from None

    def _league_locator(self, league: str) -> str:
        folder = Path(self._locator) / league
        return str(folder) if folder.is_dir() else self._locator


def _record(match: SourceMatch) -> MatchRecord:
    home, away = team_id_for(match.home_team), team_id_for(match.away_team)
    result = match.result
    return match_record(
        fixture_id=str(fixture_id_for(match.competition, match.match_date, home, away)),
        league=match.competition,
        season=match.season,
        match_date=match.match_date,
        kickoff=match.kickoff,
        home_team=match.home_team,
        away_team=match.away_team,
        goals=(result.home_goals, result.away_goals) if result else None,
        statistics=result.statistics if result else {},
        quotes=match.prices,
    )
