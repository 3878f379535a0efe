"""Tickets being placed on PostgreSQL, in the betting transaction (see betting.py and settlements.py).

The placing transaction locks the ticket row first (`SELECT ... FOR UPDATE`), so two workers placing the
same ticket queue, and the second finds it placed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from adapters.persistence.betting import PostgresBettingUnitOfWork
from adapters.persistence.placement_rows import placement_values
from adapters.persistence.schema.betting import tickets
from adapters.persistence.schema.placements import placements
from adapters.persistence.settlements import PostgresTicketSettlements
from domain.placement import Placement, PlacementStatus
from domain.tickets import TicketStatus

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncConnection

    from application.ports.ticket_repository import TicketRecord


class PostgresTicketPlacements:
    def __init__(self, connection: AsyncConnection) -> None:
        self._c = connection
        self._settlements = PostgresTicketSettlements(connection)  # locks a ticket the same way

    async def lock(self, ticket_id: str) -> TicketRecord | None:
        return await self._settlements.lock(ticket_id)

    async def record(self, ticket_id: str, placement: Placement) -> None:
        values = {"ticket_id": ticket_id, **placement_values(placement)}
        await self._c.execute(
            pg_insert(placements)
            .values(values)
            .on_conflict_do_update(
                index_elements=["ticket_id", "bookmaker"], set_=placement_values(placement)
            )
        )

    async def mark(self, ticket_id: str, status: TicketStatus) -> None:
        await self._c.execute(update(tickets).where(tickets.c.id == ticket_id).values(status=status.value))

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
        self.placements = PostgresTicketPlacements(self._connection)
        return self
