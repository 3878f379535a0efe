"""Ingest on the real PostgreSQL unit of work: corrupt input refused or quarantined, never half-written."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import text

from adapters.persistence.engine import create_engine
from application.use_cases.ingest_source import IngestRequest, IngestSource, IngestSummary
from bootstrap.container import container_on
from plugins.manager import PluginHost

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from sqlalchemy.ext.asyncio import AsyncEngine

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
    return await ingesting(engine).execute(IngestRequest("football-data", str(locator)))


def ingesting(engine: AsyncEngine) -> IngestSource:
    """IngestSource of the container on this database, with the built-in plugins and a fixed clock."""
    container = container_on(engine, plugin_host=PluginHost(entry_point_group=None), clock=Clock())
    return container.use_cases()(IngestSource)


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
    assert "HTML page" in rejected["2023-2024.csv"]
    assert "UTF-16" in rejected["2022-2023.csv"]
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


LINE_HEADER = (
    "Div,Date,Time,HomeTeam,AwayTeam,FTHG,FTAG,FTR,B365H,B365D,B365A,B365>2.5,B365<2.5,P>2.5,P<2.5,"
    "Max>2.5,Avg<2.5,PC>2.5,PC<2.5,AHh,B365AHH,B365AHA,PAHH,PAHA,AHCh,PCAHH,PCAHA,MaxAHH"
)
LINE_ROW = (
    "E0,17/08/2024,15:00,Arsenal,Wolves,2,0,H,1.25,6.5,11,1.6,2.3,1.62,2.4,1.7,2.2,1.55,2.5,"
    "-1.75,1.9,1.95,1.93,1.97,-2,1.88,2.02,2.0"
)
ODDS_API_EVENT = {
    "id": "e1", "sport_key": "soccer_epl", "sport_title": "EPL", "commence_time": "2024-08-17T14:00:00Z",
    "home_team": "Arsenal", "away_team": "Wolverhampton Wanderers",
    "bookmakers": [{"key": "pinnacle", "last_update": "2024-08-16T10:00:00Z", "markets": [
        {"key": "totals", "outcomes": [{"name": "Over", "price": 1.61, "point": 2.5},
                                       {"name": "Under", "price": 2.41, "point": 2.5}]},
        {"key": "spreads", "outcomes": [{"name": "Arsenal", "price": 1.94, "point": -1.75},
                                        {"name": "Wolverhampton Wanderers", "price": 1.96, "point": 1.75}]},
    ]}],
}  # fmt: skip


async def _line_rows(engine: AsyncEngine) -> set[tuple[str, str, str, str, str, bool]]:
    async with engine.connect() as connection:
        rows = await connection.execute(text(
            "SELECT market, line, selection, bookmaker, price, is_closing FROM odds_quotes "
            "WHERE market IN ('totals', 'asian_handicap')"))  # fmt: skip
        return {(r.market, str(r.line), r.selection, r.bookmaker, str(r.price), r.is_closing) for r in rows}


async def test_over_under_and_asian_handicap_columns_become_canonical_price_rows(
    tmp_path: Path, engine: AsyncEngine
) -> None:
    folder = tmp_path / "E0"
    folder.mkdir()
    (folder / "2024-2025.csv").write_text(f"{LINE_HEADER}\r\n{LINE_ROW}\r\n", encoding="utf-8")
    summary = await ingest(engine, tmp_path)
    assert (summary.fixtures, summary.quarantined) == (1, 0)
    rows = await _line_rows(engine)
    assert {
        ("totals", "2.50", "over", "bet365", "1.6", False),
        ("totals", "2.50", "under", "bet365", "2.3", False),
        ("totals", "2.50", "over", "pinnacle", "1.62", False),
        ("totals", "2.50", "under", "pinnacle", "2.4", False),
        ("totals", "2.50", "over", "maximum", "1.7", False),
        ("totals", "2.50", "under", "average", "2.2", False),
        ("totals", "2.50", "over", "pinnacle", "1.55", True),
        ("totals", "2.50", "under", "pinnacle", "2.5", True),
        ("asian_handicap", "-1.75", "home", "bet365", "1.9", False),
        ("asian_handicap", "1.75", "away", "bet365", "1.95", False),
        ("asian_handicap", "-1.75", "home", "pinnacle", "1.93", False),
        ("asian_handicap", "1.75", "away", "pinnacle", "1.97", False),
        ("asian_handicap", "-2.00", "home", "pinnacle", "1.88", True),
        ("asian_handicap", "2.00", "away", "pinnacle", "2.02", True),
        ("asian_handicap", "-1.75", "home", "maximum", "2.0", False),
    } == rows


async def test_the_odds_api_totals_and_spreads_become_canonical_price_rows(
    tmp_path: Path, engine: AsyncEngine
) -> None:
    payload = tmp_path / "epl.json"
    payload.write_text(json.dumps([ODDS_API_EVENT]), encoding="utf-8")
    summary = await ingesting(engine).execute(IngestRequest("odds-api", str(payload)))
    assert (summary.fixtures, summary.quarantined) == (1, 0)
    assert await _line_rows(engine) == {
        ("totals", "2.50", "over", "pinnacle", "1.61", False),
        ("totals", "2.50", "under", "pinnacle", "2.41", False),
        ("asian_handicap", "-1.75", "home", "pinnacle", "1.94", False),
        ("asian_handicap", "1.75", "away", "pinnacle", "1.96", False),
    }
