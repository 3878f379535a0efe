"""Use case: the codes of the stored competitions (leagues), in code order."""

from __future__ import annotations

from collections.abc import Callable

from application.ports.ingestion_unit_of_work import IngestionUnitOfWork


class ListLeagues:
    """Every stored competition's code, whether or not it has matches yet, sorted."""

    def __init__(self, ingestion: Callable[[], IngestionUnitOfWork]) -> None:
        self._ingestion = ingestion

    async def execute(self) -> tuple[str, ...]:
        async with self._ingestion() as uow:
            return tuple(sorted(competition.code for competition in await uow.competitions.competitions()))
