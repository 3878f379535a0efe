"""The ingest use cases on the in-memory unit of work: bronze, silver, quarantine, idempotency, versions."""

from __future__ import annotations

from pathlib import Path

import pytest

from application.pipeline.records import normalise_name
from application.pipeline.sources import PayloadError
from domain.errors import DomainError
from tests.fakes.pipeline import (
    InMemoryIngestionUnitOfWork,
    InMemoryOddsQuoteRepository,
    InMemoryPipelineStore,
)
from tests.unit.pipeline.football_data_samples import csv_bytes
from tests.unit.pipeline.harness import RecordingProgress, ingest

HEADER = "Div,Date,HomeTeam,AwayTeam,FTHG,FTAG,FTR,B365H,B365D,B365A,PSCH,PSCD,PSCA"
AUGUST = [
    "E0,17/08/2024,Arsenal,Wolves,2,0,H,1.25,6.5,11,1.22,7,13",
    "E0,17/08/2024,Everton,Brighton,0,3,A,2.7,3.4,2.6,2.9,3.5,2.45",
    "E0,18/08/2024,Chelsea,Man City,0,2,A,4.2,4,1.75,,,",
    "E0,19/08/2024,Leicester,Tottenham,1,1,D,5,4.2,1.65,0,4.3,1.6",  # closing home price 0: quarantined
]
MAY = ["E0,25/05/2025,Arsenal,Southampton,2,1,H,1.2,7.5,13,1.18,8,15"]


def league(tmp_path: Path, august: list[str] = AUGUST, may: list[str] = MAY) -> Path:
    folder = tmp_path / "E0"
    folder.mkdir(exist_ok=True)
    (folder / "2024-2025.csv").write_bytes(csv_bytes(HEADER, [*august, ",,,,,,,,,,,,"]))
    (folder / "2023-2024.csv").write_bytes(csv_bytes(HEADER, may))
    return tmp_path


def test_every_row_becomes_a_fixture_or_a_quarantined_row_with_its_reason(tmp_path: Path) -> None:
    store = InMemoryPipelineStore()
    summary = ingest(store, "football-data", str(league(tmp_path)))
    assert (summary.payloads, summary.new_batches) == (2, 2)
    assert (summary.fixtures, summary.results, summary.quarantined, summary.empty_rows) == (4, 4, 1, 1)
    assert summary.fixtures + summary.quarantined == summary.source_rows == 5
    assert summary.odds_rows == 4 * 3 + 3 * 3  # early prices of 4 matches, closing prices of 3
    assert summary.quarantined_by_reason == {"invalid_odds": 1}
    assert summary.total_fixtures == 4
    [quarantined] = store.state.quarantine.values()
    assert quarantined.row == 5
    assert quarantined.content == AUGUST[3]
    assert quarantined.reason == "invalid_odds: PSCH '0': decimal odds must be above 1"


def test_ingesting_the_same_files_again_changes_nothing(tmp_path: Path) -> None:
    store = InMemoryPipelineStore()
    first = ingest(store, "football-data", str(league(tmp_path)))
    state_after_first = store.state.copy()
    second = ingest(store, "football-data", str(league(tmp_path)))
    assert (second.new_batches, second.fixtures, second.results, second.odds_rows, second.quarantined) == (
        0,
    ) * 5
    assert second.total_fixtures == first.total_fixtures == 4
    assert store.state == state_after_first


def test_a_changed_file_is_a_new_version_that_updates_silver_without_duplicates(tmp_path: Path) -> None:
    store = InMemoryPipelineStore()
    ingest(store, "football-data", str(league(tmp_path)))
    corrected = [
        AUGUST[0].replace("2,0,H", "3,0,H"),
        *AUGUST[1:3],
        "E0,24/08/2024,Brighton,Man United,2,1,H,2.3,3.5,3",
    ]
    summary = ingest(store, "football-data", str(league(tmp_path, corrected)))
    assert (summary.new_batches, summary.fixtures, summary.results, summary.odds_rows) == (1, 1, 2, 3)
    assert summary.total_fixtures == 5
    locator = str(tmp_path / "E0" / "2024-2025.csv")
    versions = [batch.batch_id for batch in store.state.batches.values() if batch.locator == locator]
    assert len(versions) == 2
    arsenal_wolves = next(r for r in store.state.results.values() if r.home_goals == 3)
    assert arsenal_wolves.batch_id == versions[1]  # the version that last changed it
    unchanged = [r for r in store.state.results.values() if r.home_goals == 0 and r.away_goals == 3]
    assert [r.batch_id for r in unchanged] == [versions[0]]


def test_a_payload_unreadable_as_a_whole_is_reported_and_writes_no_silver(tmp_path: Path) -> None:
    folder = league(tmp_path)
    (folder / "E0" / "2025-2026.csv").write_bytes(b"<!DOCTYPE html><html><body>Rate limited</body></html>")
    store = InMemoryPipelineStore()
    progress = RecordingProgress()
    summary = ingest(store, "football-data", str(folder), progress=progress)
    [rejected] = summary.rejected_payloads
    assert rejected.locator.endswith("2025-2026.csv")
    assert "HTML page" in rejected.reason
    assert summary.fixtures == 4
    assert len(store.state.batches) == 3  # kept in bronze, as received
    assert ("rejected", rejected.locator, rejected.reason) in progress.events
    assert progress.events[0] == ("started", "football-data", "3")


def test_a_failure_while_writing_a_batch_leaves_nothing_of_its_silver(tmp_path: Path) -> None:
    class FailingOdds(InMemoryOddsQuoteRepository):
        async def upsert(self, quotes: object) -> int:
            raise ConnectionError("database went away")

    class FailingUnitOfWork(InMemoryIngestionUnitOfWork):
        def __init__(self, store: InMemoryPipelineStore) -> None:
            super().__init__(store)
            self.odds = FailingOdds(self)

    store = InMemoryPipelineStore()
    store.unit_of_work = lambda: FailingUnitOfWork(store)  # type: ignore[method-assign]
    with pytest.raises(ConnectionError):
        ingest(store, "football-data", str(league(tmp_path)))
    assert store.state.fixtures == {}
    assert store.state.teams == {}
    assert store.state.quarantine == {}


def test_names_join_through_the_alias_table_across_sources(tmp_path: Path) -> None:
    store = InMemoryPipelineStore()
    ingest(store, "football-data", str(league(tmp_path)))
    teams_before = len(store.state.teams)
    other = tmp_path / "other" / "E0.csv"
    other.parent.mkdir()
    other.write_bytes(csv_bytes(HEADER, ["E0,17/08/2024,ARSENAL,wolves,2,0,H,1.3,6,10,,,"]))
    summary = ingest(store, "football-data", str(other))
    assert summary.fixtures == 0
    assert summary.odds_rows == 3  # same fixture, another price set
    assert len(store.state.teams) == teams_before
    assert normalise_name("ARSENAL") in store.state.aliases


def test_a_missing_locator_is_an_error_before_anything_is_stored(tmp_path: Path) -> None:
    store = InMemoryPipelineStore()
    with pytest.raises(PayloadError, match="no such file"):
        ingest(store, "football-data", str(tmp_path / "missing.csv"))
    assert store.state.batches == {}


def test_an_unknown_source_names_the_known_ones() -> None:
    with pytest.raises(DomainError, match=r"unknown data source 'nope'.*football-data"):
        ingest(InMemoryPipelineStore(), "nope", "x")


def test_bronze_keeps_the_exact_bytes_and_their_sha256(tmp_path: Path) -> None:
    import hashlib

    store = InMemoryPipelineStore()
    ingest(store, "football-data", str(league(tmp_path)))
    for batch in store.state.batches.values():
        on_disk = Path(batch.locator).read_bytes()
        assert batch.content == on_disk
        assert batch.sha256 == hashlib.sha256(on_disk).hexdigest()
