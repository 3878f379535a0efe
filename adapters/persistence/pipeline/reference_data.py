"""Bronze batches, competitions with their seasons, teams with their aliases."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from adapters.persistence.pipeline import writes
from adapters.persistence.schema.pipeline import competitions, raw_batches, seasons, team_aliases, teams
from application.pipeline.records import Competition, RawBatch, Season, Team, TeamAlias

if TYPE_CHECKING:
    import uuid
    from collections.abc import Sequence

    from sqlalchemy.engine import Row
    from sqlalchemy.ext.asyncio import AsyncConnection

_BATCHES = select(
    raw_batches.c.id,
    raw_batches.c.source,
    raw_batches.c.locator,
    raw_batches.c.fetched_at,
    raw_batches.c.sha256,
    raw_batches.c.payload,
)


class SqlRawBatchRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, batch: RawBatch) -> bool:
        statement = (
            insert(raw_batches)
            .values(
                id=batch.batch_id,
                source=batch.source,
                locator=batch.locator,
                fetched_at=batch.fetched_at,
                sha256=batch.sha256,
                size_bytes=batch.size,
                payload=batch.content,
            )
            .on_conflict_do_nothing(index_elements=["id"])
        )
        return (await self._connection.execute(statement)).rowcount == 1

    async def get(self, batch_id: uuid.UUID) -> RawBatch | None:
        row = (await self._connection.execute(_BATCHES.where(raw_batches.c.id == batch_id))).first()
        return None if row is None else _batch(row)

    async def versions(self, source: str, locator: str) -> list[RawBatch]:
        query = _BATCHES.where(raw_batches.c.source == source, raw_batches.c.locator == locator)
        rows = await self._connection.execute(query.order_by(raw_batches.c.fetched_at, raw_batches.c.id))
        return [_batch(row) for row in rows]


class SqlCompetitionRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def upsert_competitions(self, items: Sequence[Competition]) -> int:
        return await writes.COMPETITIONS.write(
            self._connection, [(c.code, c.name, c.country, c.youth, c.college, c.region) for c in items]
        )

    async def add_seasons(self, items: Sequence[Season]) -> int:
        return await writes.SEASONS.write(self._connection, [(s.competition, s.name) for s in items])

    async def competitions(self) -> list[Competition]:
        rows = await self._connection.execute(select(competitions).order_by(competitions.c.code.collate("C")))
        return [
            Competition(row.code, row.name, row.country, row.youth, row.college, row.region) for row in rows
        ]

    async def seasons(self, competition: str) -> list[Season]:
        query = (
            select(seasons).where(seasons.c.competition == competition).order_by(seasons.c.name.collate("C"))
        )
        return [Season(row.competition, row.name) for row in await self._connection.execute(query)]


class SqlTeamRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def aliases(self) -> dict[str, uuid.UUID]:
        rows = await self._connection.execute(select(team_aliases.c.alias, team_aliases.c.team_id))
        return {row.alias: row.team_id for row in rows}

    async def add_teams(self, items: Sequence[Team]) -> int:
        return await writes.TEAMS.write(self._connection, [(t.team_id, t.name) for t in items])

    async def add_aliases(self, items: Sequence[TeamAlias]) -> int:
        return await writes.ALIASES.write(self._connection, [(a.alias, a.team_id, a.source) for a in items])

    async def teams(self) -> list[Team]:
        rows = await self._connection.execute(select(teams).order_by(teams.c.name.collate("C"), teams.c.id))
        return [Team(row.id, row.name) for row in rows]


def _batch(row: Row[*tuple[Any, ...]]) -> RawBatch:
    return RawBatch(row.id, row.source, row.locator, row.fetched_at, row.sha256, bytes(row.payload))
