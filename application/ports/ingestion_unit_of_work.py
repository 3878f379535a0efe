"""Port: one atomic unit of pipeline work (one payload): bronze, silver and quarantine commit together.

Use: `async with uow: ... await uow.commit()`. Leaving the block without commit() (or by an exception)
rolls everything back, so a failed batch leaves nothing half-written. A unit of work may be entered again
after it was left; each entry is a fresh transaction.
"""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from application.ports.availability_repository import AvailabilityRepository
from application.ports.competition_repository import CompetitionRepository
from application.ports.fixture_repository import FixtureRepository
from application.ports.odds_quote_repository import OddsQuoteRepository
from application.ports.quarantine_repository import QuarantineRepository
from application.ports.raw_batch_repository import RawBatchRepository
from application.ports.team_repository import TeamRepository
from application.ports.weather_repository import WeatherRepository


class IngestionUnitOfWork(Protocol):
    @property
    def raw_batches(self) -> RawBatchRepository: ...

    @property
    def competitions(self) -> CompetitionRepository: ...

    @property
    def teams(self) -> TeamRepository: ...

    @property
    def fixtures(self) -> FixtureRepository: ...

    @property
    def odds(self) -> OddsQuoteRepository: ...

    @property
    def quarantine(self) -> QuarantineRepository: ...

    @property
    def weather(self) -> WeatherRepository: ...

    @property
    def availability(self) -> AvailabilityRepository: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        """Roll back whatever was not committed."""
        ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...
