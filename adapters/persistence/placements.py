"""Tickets being placed on PostgreSQL, in the betting transaction (see betting.py and settlements.py).

The placing transaction locks the ticket row first (`SELECT ... FOR UPDATE`), so two workers placing the
same ticket queue, and the second finds it placed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from sqlalchemy import select

from adapters.persistence.betting import PostgresBettingUnitOfWork
from adapters.persistence.driver import Driver
from adapters.persistence.placement_rows import (
    PLACEMENT_COLUMNS,
    placement_arguments,
    placement_parameters,
)
from adapters.persistence.schema.betting import tickets
from adapters.persistence.schema.placements import placements
from adapters.persistence.settlements import PostgresTicketSettlements
from adapters.persistence.write_batch import Write, WriteBatch
from domain.placement import Placement, PlacementStatus
from domain.tickets import TicketStatus

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncConnection

    from application.ports.ticket_repository import TicketRecord


RECORD_PLACEMENT = f"""
INSERT INTO placements (ticket_id, {", ".join(PLACEMENT_COLUMNS)}, leg_odds)
VALUES ($1::text, {placement_parameters(2)})
ON CONFLICT (ticket_id, bookmaker) DO UPDATE SET
    {", ".join(f"{column} = excluded.{column}" for column in (*PLACEMENT_COLUMNS[1:], "leg_odds"))}
"""  # noqa: S608  the column names are constants
MARK_TICKET = "UPDATE tickets SET status = $2::text WHERE id = $1::text"


class PostgresTicketPlacements:
    def __init__(self, connection: AsyncConnection, batch: WriteBatch | None = None) -> None:
        self._c = connection
        self._driver = Driver(connection)
        self._batch = batch or WriteBatch(connection, deferred=False)
        self._settlements = PostgresTicketSettlements(connection)  # locks a ticket the same way

    async def lock(self, ticket_id: str) -> TicketRecord | None:
        return await self._settlements.lock(ticket_id)

    async def record(self, ticket_id: str, placement: Placement) -> None:
        await self._driver.execute(RECORD_PLACEMENT, ticket_id, *placement_arguments(placement))

    async def mark(self, ticket_id: str, status: TicketStatus) -> None:
        """In the unit of work's write batch: sent with the bankroll's writes and the audit chain's lock."""
        await self._batch.add(Write("tickets", MARK_TICKET, (ticket_id, status.value)))

    async def unplaced(self) -> list[str]:
        final = select(placements.c.ticket_id).where(placements.c.status != PlacementStatus.PENDING.value)
        query = (
            select(tickets.c.id)
            .where(tickets.c.status == TicketStatus.ISSUED.value, tickets.c.id.not_in(final))
            .order_by(tickets.c.issued_at, tickets.c.id)
        )
        return list((await self._c.execute(query)).scalars())


class PostgresPlacementUnitOfWork(PostgresBettingUnitOfWork):
    """The betting unit of work with the tickets being placed on the same connection."""

    placements: PostgresTicketPlacements

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        if self._connection is None:
            raise AssertionError("opened by the betting unit of work")
        self.placements = PostgresTicketPlacements(self._connection, self._batch)
        return self
