"""The ingestion unit of work on PostgreSQL: one connection, one transaction per `async with` block.

Leaving the block without commit() (or by an exception) rolls back, so a failed batch leaves nothing
half-written. After commit() the block may go on: later writes open a new transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from adapters.persistence.pipeline.facts import (
    SqlAvailabilityRepository,
    SqlFixtureRepository,
    SqlOddsQuoteRepository,
    SqlWeatherRepository,
)
from adapters.persistence.pipeline.quarantine import SqlQuarantineRepository
from adapters.persistence.pipeline.reference_data import (
    SqlCompetitionRepository,
    SqlRawBatchRepository,
    SqlTeamRepository,
)

if TYPE_CHECKING:
    from types import TracebackType

    from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine


class NotInUnitOfWork(RuntimeError):
    """A repository was used outside `async with unit_of_work:`."""


class _Repositories:
    def __init__(self, connection: AsyncConnection) -> None:
        self.raw_batches = SqlRawBatchRepository(connection)
        self.competitions = SqlCompetitionRepository(connection)
        self.teams = SqlTeamRepository(connection)
        self.fixtures = SqlFixtureRepository(connection)
        self.odds = SqlOddsQuoteRepository(connection)
        self.quarantine = SqlQuarantineRepository(connection)
        self.weather = SqlWeatherRepository(connection)
        self.availability = SqlAvailabilityRepository(connection)


class SqlIngestionUnitOfWork:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._connection: AsyncConnection | None = None
        self._repositories: _Repositories | None = None

    async def __aenter__(self) -> Self:
        connection = await self._engine.connect()
        await connection.begin()
        self._connection, self._repositories = connection, _Repositories(connection)
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        connection, self._connection, self._repositories = self._connection, None, None
        if connection is None:
            return
        try:
            await connection.rollback()
        finally:
            await connection.close()

    async def commit(self) -> None:
        await self._open().commit()

    async def rollback(self) -> None:
        await self._open().rollback()

    @property
    def raw_batches(self) -> SqlRawBatchRepository:
        return self._repos().raw_batches

    @property
    def competitions(self) -> SqlCompetitionRepository:
        return self._repos().competitions

    @property
    def teams(self) -> SqlTeamRepository:
        return self._repos().teams

    @property
    def fixtures(self) -> SqlFixtureRepository:
        return self._repos().fixtures

    @property
    def odds(self) -> SqlOddsQuoteRepository:
        return self._repos().odds

    @property
    def quarantine(self) -> SqlQuarantineRepository:
        return self._repos().quarantine

    @property
    def weather(self) -> SqlWeatherRepository:
        return self._repos().weather

    @property
    def availability(self) -> SqlAvailabilityRepository:
        return self._repos().availability

    def _open(self) -> AsyncConnection:
        if self._connection is None:
            raise NotInUnitOfWork("the unit of work is used outside `async with`")
        return self._connection

    def _repos(self) -> _Repositories:
        self._open()
        if self._repositories is None:
            raise AssertionError("set with the connection in __aenter__")
        return self._repositories
