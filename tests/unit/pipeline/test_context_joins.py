"""Sources joined to stored fixtures: odds-api names through aliases, weather and availability by fixture."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from application.pipeline.records import AvailabilityStatus
from tests.fakes.pipeline import InMemoryPipelineStore
from tests.unit.pipeline.football_data_samples import csv_bytes
from tests.unit.pipeline.harness import ingest

if TYPE_CHECKING:
    from pathlib import Path

HEADER = "Div,Date,Time,HomeTeam,AwayTeam,FTHG,FTAG,FTR,B365H,B365D,B365A"
ROWS = [
    "E0,17/08/2024,15:00,Arsenal,Wolves,2,0,H,1.25,6.5,11",
    "E0,24/08/2024,17:30,Wolves,Chelsea,2,6,A,4,3.8,1.8",
]


def with_fixtures(tmp_path: Path) -> InMemoryPipelineStore:
    store = InMemoryPipelineStore()
    path = tmp_path / "E0" / "2024-2025.csv"
    path.parent.mkdir()
    path.write_bytes(csv_bytes(HEADER, ROWS))
    assert ingest(store, "football-data", str(path)).fixtures == 2
    return store


def write(tmp_path: Path, name: str, document: Any) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return str(path)


def odds_api_event() -> dict[str, Any]:
    outcomes = [{"name": "Arsenal", "price": 1.27}, {"name": "Draw", "price": 6.2},
                {"name": "Wolverhampton Wanderers", "price": 10.5}]  # fmt: skip
    bookmaker = {"key": "pinnacle", "last_update": "2024-08-16T09:00:00Z",
                 "markets": [{"key": "h2h", "outcomes": outcomes}]}  # fmt: skip
    return {"sport_key": "soccer_epl", "commence_time": "2024-08-17T14:00:00Z", "home_team": "Arsenal",
            "away_team": "Wolverhampton Wanderers", "bookmakers": [bookmaker]}  # fmt: skip


def test_odds_api_prices_join_the_football_data_fixture_through_aliases(tmp_path: Path) -> None:
    store = with_fixtures(tmp_path)
    summary = ingest(store, "odds-api", write(tmp_path, "odds.json", [odds_api_event()]))
    assert (summary.fixtures, summary.odds_rows, summary.teams, summary.total_fixtures) == (0, 3, 0, 2)
    fixture = next(f for f in store.state.fixtures.values() if f.match_date.day == 17)
    assert len([q for q in store.state.odds.values() if q.fixture_id == fixture.fixture_id]) == 6


def test_a_source_without_kickoff_times_never_erases_one_another_source_gave(tmp_path: Path) -> None:
    store = InMemoryPipelineStore()
    path = tmp_path / "E0" / "2024-2025.csv"
    path.parent.mkdir()
    path.write_bytes(csv_bytes("Div,Date,HomeTeam,AwayTeam,FTHG,FTAG", ["E0,17/08/2024,Arsenal,Wolves,2,0"]))
    ingest(store, "football-data", str(path))
    assert ingest(store, "odds-api", write(tmp_path, "odds.json", [odds_api_event()])).fixtures == 1
    again = ingest(store, "football-data", str(path))
    assert (again.fixtures, again.results, again.odds_rows) == (0, 0, 0)
    [fixture] = store.state.fixtures.values()
    assert fixture.kickoff == datetime(2024, 8, 17, 14, tzinfo=UTC)


def test_availability_joins_stored_fixtures_and_quarantines_the_rest(tmp_path: Path) -> None:
    store = with_fixtures(tmp_path)
    base = {"competition": "E0", "date": "2024-08-17", "home_team": "Arsenal", "away_team": "Wolves",
            "team": "Arsenal", "player": "B. Saka", "status": "doubtful",
            "reported_at": "2024-08-15T12:00:00Z"}  # fmt: skip
    records = [
        base,
        {**base, "team": "Chelsea"},
        {**base, "date": "2024-08-18"},
        {**base, "home_team": "Nobody"},
    ]
    summary = ingest(store, "availability", write(tmp_path, "news.json", {"records": records}))
    assert summary.availability == 1
    assert summary.quarantined == 3
    assert summary.quarantined_by_reason == {
        "team_not_in_fixture": 1,
        "unknown_fixture": 1,
        "unknown_team": 1,
    }
    [stored] = store.state.availability.values()
    assert (stored.player, stored.status) == ("B. Saka", AvailabilityStatus.DOUBTFUL)
    again = ingest(store, "availability", write(tmp_path, "news.json", {"records": records}))
    assert (again.availability, again.quarantined) == (0, 0)


def test_weather_is_taken_at_the_hour_of_each_home_kickoff(tmp_path: Path) -> None:
    store = with_fixtures(tmp_path)
    hours = [f"2024-08-{day:02d}T{hour:02d}:00" for day in range(16, 26) for hour in range(24)]
    series = {"utc_offset_seconds": 0, "hourly": {"time": hours, "temperature_2m": list(range(len(hours)))}}
    summary = ingest(store, "weather", write(tmp_path, "emirates.json", series) + "#team=Arsenal")
    assert summary.weather == 1  # Arsenal's one home game in the series; Wolves v Chelsea is not theirs
    [report] = store.state.weather.values()
    assert report.observed_at == datetime(2024, 8, 17, 14, tzinfo=UTC)  # 15:00 BST
    assert report.temperature_c == hours.index("2024-08-17T14:00")


def test_weather_for_a_team_never_stored_is_quarantined(tmp_path: Path) -> None:
    store = with_fixtures(tmp_path)
    series = {"utc_offset_seconds": 0, "hourly": {"time": ["2024-08-17T14:00"], "temperature_2m": [20]}}
    summary = ingest(store, "weather", write(tmp_path, "x.json", series) + "#team=Atlantis FC")
    assert (summary.weather, summary.quarantined_by_reason) == (0, {"unknown_team": 1})


def test_the_synthetic_league_ingests_and_a_second_run_changes_nothing() -> None:
    store = InMemoryPipelineStore()
    first = ingest(store, "synthetic", "seasons=1,seed=11,teams=4")
    assert (first.fixtures, first.results, first.quarantined, first.teams) == (12, 12, 0, 4)
    assert first.odds_rows == 12 * 2 * 2 * 7  # two bookmakers, early and closing, seven prices each
    second = ingest(store, "synthetic", "seasons=1,seed=11,teams=4")
    assert (second.fixtures, second.odds_rows, second.new_batches, second.total_fixtures) == (0, 0, 0, 12)
