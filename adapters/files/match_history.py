"""Match history read straight from a data source's files (e.g. football-data CSVs), no database needed.

The source fetches and parses the payloads as `stakewise ingest` would; each match of the league asked
becomes a MatchRecord with the same fixture id and dataset version (batch id) the database would give it.
A folder with one sub-folder per league (`PATH/E0/*.csv`, the football-data layout) is read for the asked
league only.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from application.errors import NotFound
from application.modelling.assembly import match_record
from application.modelling.records import MatchRecord
from application.pipeline.records import batch_id_for, fixture_id_for, team_id_for
from application.pipeline.sources import SourceMatch
from application.ports.data_source import DataSource
from application.ports.match_history import LeagueHistory


class SourceMatchHistory:
    def __init__(self, source: DataSource, locator: str) -> None:
        self._source = source
        self._locator = locator

    async def league(self, league: str) -> LeagueHistory:
        matches: list[MatchRecord] = []
        versions: list[str] = []
        for payload in self._source.fetch(self._league_locator(league)):
            found = [m for m in self._source.parse(payload).matches if m.competition == league]
            if found:
                versions.append(
                    str(batch_id_for(payload.source, hashlib.sha256(payload.content).hexdigest()))
                )
                matches += [_record(match) for match in found]
        if not matches:
            raise NotFound("league", f"{league} in {self._locator}")
        return LeagueHistory(league, matches, tuple(versions))

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
