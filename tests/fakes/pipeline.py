"""In-memory fake of the ingestion unit of work and its repositories.

It keeps the rules of the PostgreSQL adapter that the use cases rely on, so both pass the same contract
tests (tests/contract/pipeline_contract.py): transactions (nothing visible before commit, everything gone
on rollback), foreign keys, identities unique within a call, and "inserted or changed" counts.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Collection, Hashable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Self, TypeVar

from application.pipeline.records import (
    Competition,
    Fixture,
    OddsQuote,
    PlayerAvailability,
    QuarantinedRow,
    RawBatch,
    Result,
    Season,
    Team,
    TeamAlias,
    WeatherReport,
)

if TYPE_CHECKING:
    from datetime import date
    from types import TracebackType

Record = TypeVar("Record")
Key = TypeVar("Key", bound=Hashable)


class ForeignKeyViolation(Exception):
    """A record refers to a row that is not stored (the database would refuse it too)."""


class DuplicateInCall(Exception):
    """Two records of one call share an identity (PostgreSQL's ON CONFLICT refuses that too)."""


@dataclass
class PipelineState:
    batches: dict[uuid.UUID, RawBatch] = field(default_factory=dict)
    competitions: dict[str, Competition] = field(default_factory=dict)
    seasons: dict[tuple[str, str], Season] = field(default_factory=dict)
    teams: dict[uuid.UUID, Team] = field(default_factory=dict)
    aliases: dict[str, TeamAlias] = field(default_factory=dict)
    fixtures: dict[uuid.UUID, Fixture] = field(default_factory=dict)
    results: dict[uuid.UUID, Result] = field(default_factory=dict)
    odds: dict[tuple[Any, ...], OddsQuote] = field(default_factory=dict)
    quarantine: dict[tuple[uuid.UUID, int], QuarantinedRow] = field(default_factory=dict)
    weather: dict[uuid.UUID, WeatherReport] = field(default_factory=dict)
    availability: dict[tuple[uuid.UUID, uuid.UUID, str], PlayerAvailability] = field(default_factory=dict)

    def copy(self) -> PipelineState:
        return PipelineState(**{f.name: dict(getattr(self, f.name)) for f in dataclasses.fields(self)})


def odds_identity(quote: OddsQuote) -> tuple[Any, ...]:
    return (quote.fixture_id, quote.market.value, quote.line, quote.selection.value, quote.bookmaker,
            quote.is_closing, quote.captured_at)  # fmt: skip


def _without_batch(record: Any) -> Any:
    if isinstance(record, OddsQuote):
        return record[:-1]  # batch_id is the last field
    return dataclasses.replace(record, batch_id=None)


def _upsert(table: dict[Key, Record], records: Sequence[Record], key: Callable[[Record], Key]) -> int:
    """Insert new rows, replace rows whose data (all but batch_id) differs; count what was touched."""
    _unique(records, key)
    touched = 0
    for record in records:
        stored = table.get(key(record))
        if stored is None or _without_batch(stored) != _without_batch(record):
            table[key(record)] = record
            touched += 1
    return touched


def _insert_missing(table: dict[Key, Record], records: Sequence[Record], key: Callable[[Record], Key]) -> int:
    new = 0
    for record in records:
        if key(record) not in table:
            table[key(record)] = record
            new += 1
    return new


def _unique(records: Sequence[Record], key: Callable[[Record], Key]) -> None:
    seen: set[Key] = set()
    for record in records:
        identity = key(record)
        if identity in seen:
            raise DuplicateInCall(f"identity {identity!r} twice in one call")
        seen.add(identity)


def _require(present: Collection[Any], wanted: Any, what: str) -> None:
    if wanted not in present:
        raise ForeignKeyViolation(f"{what} {wanted!r} is not stored")


class _Repository:
    def __init__(self, uow: InMemoryIngestionUnitOfWork) -> None:
        self._uow = uow

    @property
    def state(self) -> PipelineState:
        return self._uow.working()


class InMemoryRawBatchRepository(_Repository):
    async def add(self, batch: RawBatch) -> bool:
        return _insert_missing(self.state.batches, [batch], lambda b: b.batch_id) == 1

    async def get(self, batch_id: uuid.UUID) -> RawBatch | None:
        return self.state.batches.get(batch_id)

    async def versions(self, source: str, locator: str) -> list[RawBatch]:
        found = [b for b in self.state.batches.values() if (b.source, b.locator) == (source, locator)]
        return sorted(found, key=lambda b: (b.fetched_at, str(b.batch_id)))


class InMemoryCompetitionRepository(_Repository):
    async def upsert_competitions(self, competitions: Sequence[Competition]) -> int:
        _unique(competitions, lambda c: c.code)
        touched = 0
        for competition in competitions:
            if self.state.competitions.get(competition.code) != competition:
                self.state.competitions[competition.code] = competition
                touched += 1
        return touched

    async def add_seasons(self, seasons: Sequence[Season]) -> int:
        for season in seasons:
            _require(self.state.competitions, season.competition, "competition")
        return _insert_missing(self.state.seasons, seasons, lambda s: (s.competition, s.name))

    async def competitions(self) -> list[Competition]:
        return sorted(self.state.competitions.values(), key=lambda c: c.code)

    async def seasons(self, competition: str) -> list[Season]:
        return sorted((s for s in self.state.seasons.values() if s.competition == competition),
                      key=lambda s: s.name)  # fmt: skip


class InMemoryTeamRepository(_Repository):
    async def aliases(self) -> dict[str, uuid.UUID]:
        return {alias: row.team_id for alias, row in self.state.aliases.items()}

    async def add_teams(self, teams: Sequence[Team]) -> int:
        return _insert_missing(self.state.teams, teams, lambda t: t.team_id)

    async def add_aliases(self, aliases: Sequence[TeamAlias]) -> int:
        for alias in aliases:
            _require(self.state.teams, alias.team_id, "team")
        return _insert_missing(self.state.aliases, aliases, lambda a: a.alias)

    async def teams(self) -> list[Team]:
        return sorted(self.state.teams.values(), key=lambda t: (t.name, str(t.team_id)))


class InMemoryFixtureRepository(_Repository):
    async def upsert_fixtures(self, fixtures: Sequence[Fixture]) -> int:
        for fixture in fixtures:
            _require(self.state.seasons, (fixture.competition, fixture.season), "season")
            _require(self.state.teams, fixture.home_team_id, "team")
            _require(self.state.teams, fixture.away_team_id, "team")
            _require(self.state.batches, fixture.batch_id, "raw batch")
        return _upsert(self.state.fixtures, fixtures, lambda f: f.fixture_id)

    async def upsert_results(self, results: Sequence[Result]) -> int:
        for result in results:
            _require(self.state.fixtures, result.fixture_id, "fixture")
            _require(self.state.batches, result.batch_id, "raw batch")
        return _upsert(self.state.results, results, lambda r: r.fixture_id)

    async def existing(self, fixture_ids: Collection[uuid.UUID]) -> set[uuid.UUID]:
        return {fixture_id for fixture_id in fixture_ids if fixture_id in self.state.fixtures}

    async def fixtures(self, fixture_ids: Collection[uuid.UUID]) -> list[Fixture]:
        found = [self.state.fixtures[i] for i in set(fixture_ids) if i in self.state.fixtures]
        return sorted(found, key=lambda f: (f.match_date, str(f.fixture_id)))

    async def home_fixtures(self, team_id: uuid.UUID, start: date, end: date) -> list[Fixture]:
        found = [f for f in self.state.fixtures.values()
                 if f.home_team_id == team_id and start <= f.match_date <= end]  # fmt: skip
        return sorted(found, key=lambda f: (f.match_date, str(f.fixture_id)))

    async def results(self, fixture_ids: Collection[uuid.UUID]) -> list[Result]:
        found = [self.state.results[i] for i in set(fixture_ids) if i in self.state.results]
        return sorted(found, key=lambda r: str(r.fixture_id))

    async def count(self) -> int:
        return len(self.state.fixtures)


class InMemoryOddsQuoteRepository(_Repository):
    async def upsert(self, quotes: Sequence[OddsQuote]) -> int:
        for quote in quotes:
            _require(self.state.fixtures, quote.fixture_id, "fixture")
            _require(self.state.batches, quote.batch_id, "raw batch")
        return _upsert(self.state.odds, quotes, odds_identity)

    async def for_fixtures(self, fixture_ids: Collection[uuid.UUID]) -> list[OddsQuote]:
        wanted = set(fixture_ids)
        found = [q for q in self.state.odds.values() if q.fixture_id in wanted]
        return sorted(found, key=_odds_order)

    async def count(self) -> int:
        return len(self.state.odds)


def _odds_order(quote: OddsQuote) -> tuple[Any, ...]:
    # NULL lines sort last, as in PostgreSQL's default ascending order
    line_order = (quote.line is None, quote.line if quote.line is not None else 0)
    return (str(quote.fixture_id), quote.market.value, line_order, quote.selection.value, quote.bookmaker,
            quote.is_closing, quote.captured_at)  # fmt: skip


class InMemoryQuarantineRepository(_Repository):
    async def add(self, rows: Sequence[QuarantinedRow]) -> int:
        for row in rows:
            _require(self.state.batches, row.batch_id, "raw batch")
        return _insert_missing(self.state.quarantine, rows, lambda r: (r.batch_id, r.row))

    async def for_batch(self, batch_id: uuid.UUID) -> list[QuarantinedRow]:
        return sorted((r for r in self.state.quarantine.values() if r.batch_id == batch_id),
                      key=lambda r: r.row)  # fmt: skip

    async def count(self) -> int:
        return len(self.state.quarantine)


class InMemoryWeatherRepository(_Repository):
    async def upsert(self, reports: Sequence[WeatherReport]) -> int:
        for report in reports:
            _require(self.state.fixtures, report.fixture_id, "fixture")
            _require(self.state.batches, report.batch_id, "raw batch")
        return _upsert(self.state.weather, reports, lambda r: r.fixture_id)

    async def for_fixtures(self, fixture_ids: Collection[uuid.UUID]) -> list[WeatherReport]:
        found = [self.state.weather[i] for i in set(fixture_ids) if i in self.state.weather]
        return sorted(found, key=lambda r: str(r.fixture_id))


class InMemoryAvailabilityRepository(_Repository):
    async def upsert(self, records: Sequence[PlayerAvailability]) -> int:
        for record in records:
            _require(self.state.fixtures, record.fixture_id, "fixture")
            _require(self.state.teams, record.team_id, "team")
            _require(self.state.batches, record.batch_id, "raw batch")
        return _upsert(self.state.availability, records, lambda r: (r.fixture_id, r.team_id, r.player))

    async def for_fixtures(self, fixture_ids: Collection[uuid.UUID]) -> list[PlayerAvailability]:
        wanted = set(fixture_ids)
        found = [r for r in self.state.availability.values() if r.fixture_id in wanted]
        return sorted(found, key=lambda r: (str(r.fixture_id), str(r.team_id), r.player))


class InMemoryPipelineStore:
    """The committed state every unit of work of one fake database shares."""

    def __init__(self) -> None:
        self.state = PipelineState()
        self.commits = 0

    def unit_of_work(self) -> InMemoryIngestionUnitOfWork:
        return InMemoryIngestionUnitOfWork(self)


class InMemoryIngestionUnitOfWork:
    """Each `async with` works on a copy of the committed state; commit() publishes the copy."""

    def __init__(self, store: InMemoryPipelineStore | None = None) -> None:
        self.store = store if store is not None else InMemoryPipelineStore()
        self._working: PipelineState | None = None
        self.raw_batches = InMemoryRawBatchRepository(self)
        self.competitions = InMemoryCompetitionRepository(self)
        self.teams = InMemoryTeamRepository(self)
        self.fixtures = InMemoryFixtureRepository(self)
        self.odds = InMemoryOddsQuoteRepository(self)
        self.quarantine = InMemoryQuarantineRepository(self)
        self.weather = InMemoryWeatherRepository(self)
        self.availability = InMemoryAvailabilityRepository(self)

    def working(self) -> PipelineState:
        if self._working is None:
            raise RuntimeError("the unit of work is used outside `async with`")
        return self._working

    async def __aenter__(self) -> Self:
        if self._working is not None:
            raise RuntimeError("the unit of work is already open")
        self._working = self.store.state.copy()
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._working = None

    async def commit(self) -> None:
        self.store.state = self.working().copy()
        self.store.commits += 1

    async def rollback(self) -> None:
        self._working = self.store.state.copy()
