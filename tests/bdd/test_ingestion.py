"""Step definitions for features/bdd/ingestion.feature: the football-data source through IngestSource."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from pytest_bdd import given, parsers, scenarios, then, when

from application.use_cases.ingest_source import IngestSummary
from tests.fakes.pipeline import InMemoryPipelineStore
from tests.unit.pipeline.harness import ingest

scenarios("ingestion.feature")

COLUMNS = ("Date", "Time", "HomeTeam", "AwayTeam", "FTHG", "FTAG", "B365H", "B365D", "B365A", "PSCH")


@dataclass
class Loading:
    path: Path
    rows: list[list[str]]
    store: InMemoryPipelineStore = field(default_factory=InMemoryPipelineStore)
    summary: IngestSummary | None = None

    def write(self) -> None:
        lines = ["Div," + ",".join(COLUMNS)]
        lines += [("E0," if any(row) else ",") + ",".join(row) for row in self.rows]
        self.path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")

    def load(self) -> IngestSummary:
        self.write()
        self.summary = ingest(self.store, "football-data", str(self.path))
        return self.summary

    @property
    def last(self) -> IngestSummary:
        assert self.summary is not None
        return self.summary


@given(
    "a football-data file for the Premier League 2024/25 with these rows",
    target_fixture="loading",
)
def football_data_file(tmp_path: Path, datatable: list[list[str]]) -> Loading:
    header, *rows = datatable
    assert tuple(header) == COLUMNS
    folder = tmp_path / "E0"
    folder.mkdir()
    return Loading(folder / "2024-2025.csv", [list(row) for row in rows])


@given("the file has been loaded")
@when("the file is loaded")
def load_file(loading: Loading) -> None:
    loading.load()


@when(parsers.parse("the row of {home} v {away} is corrected to B365H {price} and the file is loaded"))
def correct_row(loading: Loading, home: str, away: str, price: str) -> None:
    row = next(row for row in loading.rows if row[2:4] == [home, away])
    row[COLUMNS.index("B365H")] = price
    loading.load()


@then(parsers.parse("{fixtures:d} fixture is stored with {prices:d} prices"))
def stored(loading: Loading, fixtures: int, prices: int) -> None:
    assert (loading.last.fixtures, loading.last.odds_rows) == (fixtures, prices)


@then(parsers.parse('{rows:d} row is quarantined because "{reason}"'))
def quarantined(loading: Loading, rows: int, reason: str) -> None:
    assert loading.last.quarantined == rows
    assert [row.reason for row in loading.store.state.quarantine.values()] == [reason]


@then(parsers.parse("{rows:d} empty row is counted"))
def empty(loading: Loading, rows: int) -> None:
    assert loading.last.empty_rows == rows


@then(parsers.parse("{fixtures:d} fixtures and {prices:d} prices are inserted or changed"))
def nothing_changed(loading: Loading, fixtures: int, prices: int) -> None:
    assert (loading.last.fixtures, loading.last.odds_rows, loading.last.new_batches) == (fixtures, prices, 0)


@then(parsers.parse("there are {total:d} fixtures in total"))
def total(loading: Loading, total: int) -> None:
    assert loading.last.total_fixtures == total == len(loading.store.state.fixtures)


@then(parsers.parse("the file has {versions:d} stored versions"))
def versions(loading: Loading, versions: int) -> None:
    stored = [batch for batch in loading.store.state.batches.values() if batch.locator == str(loading.path)]
    assert len(stored) == versions


@then(parsers.parse("the Bet365 prices of {home} v {away} were taken on Friday 16 August 2024"))
def early_prices(loading: Loading, home: str, away: str) -> None:
    quotes = [q for q in loading.store.state.odds.values() if q.bookmaker == "bet365"]
    assert len(quotes) == 3
    assert {q.captured_at.date() for q in quotes} == {date(2024, 8, 16)}
    assert not any(q.is_closing for q in quotes)


@then(parsers.parse("the Pinnacle closing price of {home} v {away} was taken at kickoff, 14:00 UTC"))
def closing_price(loading: Loading, home: str, away: str) -> None:
    [quote] = [q for q in loading.store.state.odds.values() if q.bookmaker == "pinnacle"]
    assert quote.is_closing
    assert quote.captured_at == datetime(2024, 8, 17, 14, tzinfo=UTC)
