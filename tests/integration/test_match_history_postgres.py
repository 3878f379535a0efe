"""Matches read back from PostgreSQL after an ingest equal those read straight from the same files."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select

from adapters.files.match_history import SourceMatchHistory
from adapters.persistence.engine import create_engine
from adapters.persistence.match_history import PostgresMatchHistory
from adapters.persistence.schema.pipeline import fixtures, player_availability, weather_reports
from application.use_cases.ingest_source import IngestRequest, IngestSource
from bootstrap.container import container_on
from plugins.manager import PluginHost

if TYPE_CHECKING:
    from pathlib import Path

HEADER = (
    "Div,Date,Time,HomeTeam,AwayTeam,FTHG,FTAG,FTR,HS,AS,HST,AST,B365H,B365D,B365A,PSH,PSD,PSA,PSCH,PSCD,PSCA"
)
CSV = f"""{HEADER}
E0,16/08/2024,20:00,Man United,Fulham,1,0,H,14,10,5,2,1.60,4.20,5.25,1.63,4.38,5.30,1.65,4.23,5.28
E0,17/08/2024,12:30,Ipswich,Liverpool,0,2,A,7,18,2,5,6.00,4.50,1.50,6.40,4.60,1.53,6.60,4.80,1.50
E0,17/08/2024,15:00,Arsenal,Wolves,2,0,H,18,9,6,3,1.30,5.50,9.50,1.31,5.90,10.0,1.29,6.10,10.5
E0,24/08/2024,15:00,Fulham,Arsenal,,,,,,,,3.40,3.50,2.10,3.45,3.60,2.12,3.30,3.70,2.15
"""


class Clock:
    def now(self) -> datetime:
        return datetime(2024, 8, 20, tzinfo=UTC)


async def test_database_history_equals_file_history(tmp_path: Path, fresh_database_url: str) -> None:
    folder = tmp_path / "E0"
    folder.mkdir()
    (folder / "2024-2025.csv").write_text(CSV, encoding="utf-8")
    plugins = PluginHost(entry_point_group=None)
    engine = create_engine(fresh_database_url)
    try:
        ingest = container_on(engine, plugin_host=plugins, clock=Clock()).use_cases()(IngestSource)
        await ingest.execute(IngestRequest("football-data", str(tmp_path)))
        stored = await PostgresMatchHistory(engine).league("E0")
    finally:
        await engine.dispose()
    read = await SourceMatchHistory(plugins.data_source("football-data", Clock()), str(tmp_path)).league("E0")
    by_id = {m.fixture_id: m for m in read.matches}
    assert len(stored.matches) == len(read.matches) >= 3
    for match in stored.matches:
        assert match == by_id[match.fixture_id]
    assert stored.data_versions == read.data_versions
    first = next(m for m in stored.matches if m.home_team == "Man United")
    assert first.home_goals == 1
    assert first.home_stats.shots == 14.0
    assert dict(first.early_prices)["pinnacle"].home == 1.63
    assert dict(first.closing_prices)["pinnacle"].home == 1.65


async def test_weather_and_availability_count_only_when_dated_before_kickoff(
    tmp_path: Path, fresh_database_url: str
) -> None:
    folder = tmp_path / "E0"
    folder.mkdir()
    (folder / "2024-2025.csv").write_text(CSV, encoding="utf-8")
    plugins = PluginHost(entry_point_group=None)
    engine = create_engine(fresh_database_url)
    try:
        ingest = container_on(engine, plugin_host=plugins, clock=Clock()).use_cases()(IngestSource)
        await ingest.execute(IngestRequest("football-data", str(tmp_path)))
        before = await PostgresMatchHistory(engine).league("E0")
        united = next(m for m in before.matches if m.home_team == "Man United")
        ipswich = next(m for m in before.matches if m.home_team == "Ipswich")
        async with engine.begin() as connection:
            fixture_rows = {row.id: row for row in (await connection.execute(select(fixtures))).all()}
            batch = next(iter(fixture_rows.values())).batch_id
            kickoff_united = fixture_rows[uuid.UUID(united.fixture_id)].kickoff_at
            kickoff_ipswich = fixture_rows[uuid.UUID(ipswich.fixture_id)].kickoff_at
            await connection.execute(
                insert(weather_reports),
                [
                    _weather(united.fixture_id, kickoff_united - timedelta(hours=1), 18.5, batch),
                    _weather(ipswich.fixture_id, kickoff_ipswich, 30.0, batch),  # at kickoff: not pre-match
                ],
            )
            home_team = fixture_rows[uuid.UUID(united.fixture_id)].home_team_id
            await connection.execute(
                insert(player_availability),
                [
                    _availability(
                        united.fixture_id,
                        home_team,
                        "A",
                        "injured",
                        kickoff_united - timedelta(days=1),
                        batch,
                    ),
                    _availability(
                        united.fixture_id,
                        home_team,
                        "B",
                        "doubtful",
                        kickoff_united - timedelta(days=1),
                        batch,
                    ),
                    _availability(united.fixture_id, home_team, "C", "suspended", kickoff_united, batch),
                ],
            )
        after = {m.fixture_id: m for m in (await PostgresMatchHistory(engine).league("E0")).matches}
    finally:
        await engine.dispose()
    assert dict(after[united.fixture_id].extras) == {
        "weather_temperature_c": 18.5,
        "weather_precipitation_mm": 0.5,
        "weather_wind_speed_kmh": 12.0,
        "home_unavailable": 1.0,
        "away_unavailable": 0.0,
    }
    assert after[ipswich.fixture_id].extras == ()


def _weather(fixture_id: str, observed_at: datetime, temperature: float, batch: uuid.UUID) -> dict[str, Any]:
    return {
        "fixture_id": uuid.UUID(fixture_id),
        "observed_at": observed_at,
        "temperature_c": temperature,
        "precipitation_mm": 0.5,
        "wind_speed_kmh": 12.0,
        "relative_humidity": None,
        "batch_id": batch,
    }


def _availability(
    fixture_id: str, team: uuid.UUID, player: str, status: str, reported_at: datetime, batch: uuid.UUID
) -> dict[str, Any]:
    return {
        "fixture_id": uuid.UUID(fixture_id),
        "team_id": team,
        "player": player,
        "status": status,
        "reason": None,
        "reported_at": reported_at,
        "batch_id": batch,
    }
