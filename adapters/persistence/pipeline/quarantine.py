"""Quarantine: source rows that failed validation, each with its reason."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select

from adapters.persistence.pipeline import writes
from adapters.persistence.schema.pipeline import quarantine
from application.pipeline.records import QuarantinedRow

if TYPE_CHECKING:
    import uuid
    from collections.abc import Sequence

    from sqlalchemy.ext.asyncio import AsyncConnection


class SqlQuarantineRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, rows: Sequence[QuarantinedRow]) -> int:
        values = [(r.batch_id, r.row, r.source, r.locator, r.reason, r.content) for r in rows]
        return await writes.QUARANTINE.write(self._connection, values)

    async def for_batch(self, batch_id: uuid.UUID) -> list[QuarantinedRow]:
        query = select(quarantine).where(quarantine.c.batch_id == batch_id).order_by(quarantine.c.row)
        return [
            QuarantinedRow(row.batch_id, row.source, row.locator, row.row, row.reason, row.content)
            for row in await self._connection.execute(query)
        ]

    async def count(self) -> int:
        return int(await self._connection.scalar(select(func.count()).select_from(quarantine)) or 0)
