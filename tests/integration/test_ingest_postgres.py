"""Ingest on the real PostgreSQL unit of work: corrupt input refused or quarantined, never half-written."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.persistence.engine import create_engine
from adapters.persistence.pipeline.unit_of_work import SqlIngestionUnitOfWork
from application.use_cases.ingest_source import IngestRequest, IngestSource, IngestSummary
from plugins.manager import PluginHost

HEADER = "Div,Date,Time,HomeTeam,AwayTeam,FTHG,FTAG,FTR,B365H,B365D,B365A,PSCH,PSCD,PSCA"
GOOD = [
    "E0,17/08/2024,15:00,Arsenal,Wolves,2,0,H,1.25,6.5,11,1.22,7,13",
    "E0,17/08/2024,15:00,Everton,Brighton,0,3,A,2.7,3.4,2.6,0,3.5,2.45",  # closing home price 0
]


class Clock:
    def now(self) -> datetime:
        return datetime(2025, 1, 6, tzinfo=UTC)


@pytest.fixture
async def engine(fresh_database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(fresh_database_url)
    try:
        yield engine
    finally:
        await engine.dispose()


async def ingest(engine: AsyncEngine, locator: Path) -> IngestSummary:
    catalogue = PluginHost(entry_point_group=None).source_catalogue(Clock())
    use_case = IngestSource(lambda: SqlIngestionUnitOfWork(engine), catalogue)
    return await use_case.execute(IngestRequest("football-data", str(locator)))


async def scalar(engine: AsyncEngine, sql: str) -> object:
    async with engine.connect() as connection:
        return (await connection.execute(text(sql))).scalar_one()


def corrupt_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "E0"
    folder.mkdir()
    lines = [HEADER, *GOOD]
    (folder / "2024-2025.csv").write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    (folder / "2023-2024.csv").write_bytes(b"<!DOCTYPE html><html><body>Too many requests</body></html>")
    (folder / "2022-2023.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-16"))
    (folder / "2021-2022.csv").write_text("Div,Date,HomeTeam,FTHG\r\nE0,14/08/2021,Brentford,2\r\n")
    truncated = [
        HEADER,
        "E0,14/08/2020,15:00,Fulham,Arsenal,0,3,A,6,4.3,1.5,,,",
        "E0,14/08/2020,15:00,Crystal Pa",
    ]
    (folder / "2020-2021.csv").write_text("\r\n".join(truncated), encoding="utf-8")
    return tmp_path


async def test_corrupt_files_are_refused_or_quarantined_and_nothing_is_half_written(
    tmp_path: Path, engine: AsyncEngine
) -> None:
    summary = await ingest(engine, corrupt_folder(tmp_path))
    rejected = {Path(r.locator).name: r.reason for r in summary.rejected_payloads}
    assert set(rejected) == {"2021-2022.csv", "2022-2023.csv", "2023-2024.csv"}
    assert "HTML page" in rejected["2023-2024.csv"] and "UTF-16" in rejected["2022-2023.csv"]
    assert "AwayTeam" in rejected["2021-2022.csv"]
    assert (summary.fixtures, summary.quarantined) == (2, 2)
    assert summary.quarantined_by_reason == {"invalid_odds": 1, "truncated_row": 1}
    assert await scalar(engine, "SELECT count(*) FROM fixtures") == summary.total_fixtures == 2
    assert await scalar(engine, "SELECT count(*) FROM quarantine") == 2
    assert await scalar(engine, "SELECT count(*) FROM teams WHERE name = 'Brentford'") == 0
    assert await scalar(engine, "SELECT count(*) FROM raw_batches") == 5  # every payload, as received


async def test_a_second_ingest_of_the_same_files_changes_nothing(tmp_path: Path, engine: AsyncEngine) -> None:
    folder = corrupt_folder(tmp_path)
    first = await ingest(engine, folder)
    second = await ingest(engine, folder)
    assert (second.fixtures, second.results, second.odds_rows, second.quarantined) == (0, 0, 0, 0)
    assert second.total_fixtures == first.total_fixtures
    assert await scalar(engine, "SELECT count(*) FROM odds_quotes") == first.odds_rows


async def test_a_failure_inside_a_batch_rolls_all_of_its_silver_back(
    tmp_path: Path, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from adapters.persistence.pipeline import facts

    async def refuse(self: object, quotes: object) -> int:
        raise ConnectionResetError("connection lost while writing odds")

    monkeypatch.setattr(facts.SqlOddsQuoteRepository, "upsert", refuse)
    folder = tmp_path / "E0"
    folder.mkdir()
    (folder / "2024-2025.csv").write_text("\r\n".join([HEADER, *GOOD]) + "\r\n", encoding="utf-8")
    with pytest.raises(ConnectionResetError):
        await ingest(engine, tmp_path)
    for table in ("fixtures", "results", "teams", "team_aliases", "odds_quotes", "quarantine"):
        assert await scalar(engine, f"SELECT count(*) FROM {table}") == 0, table
