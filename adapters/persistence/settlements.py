"""Tickets waiting for settlement on PostgreSQL, in the betting transaction (see betting.py).

The settling transaction locks the ticket row first (`SELECT ... FOR UPDATE`), so two workers settling the
same ticket queue, and the second finds it settled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from sqlalchemy import select, update

from adapters.persistence.betting import PostgresBettingUnitOfWork, PostgresTickets
from adapters.persistence.schema.betting import tickets
from domain.tickets import SETTLEABLE, TicketStatus

if TYPE_CHECKING:
    from datetime import datetime
    from decimal import Decimal

    from sqlalchemy.ext.asyncio import AsyncConnection

    from application.ports.ticket_repository import TicketRecord


class PostgresTicketSettlements:
    def __init__(self, connection: AsyncConnection) -> None:
        self._c = connection
        self._tickets = PostgresTickets(connection)

    async def issued(self) -> list[TicketRecord]:
        query = (
            select(tickets.c.id)
            .where(tickets.c.status.in_([status.value for status in SETTLEABLE]))
            .order_by(tickets.c.issued_at, tickets.c.id)
        )
        found = []
        for ticket_id in (await self._c.execute(query)).scalars():
            ticket = await self._tickets.get(None, ticket_id)
            if ticket is not None:
                found.append(ticket)
        return found

    async def lock(self, ticket_id: str) -> TicketRecord | None:
        return await self._tickets.lock(ticket_id)

    async def close(self, ticket_id: str, status: TicketStatus, payout: Decimal, at: datetime) -> None:
        await self._c.execute(
            update(tickets)
            .where(tickets.c.id == ticket_id)
            .values(status=status.value, payout=payout, settled_at=at)
        )

    async def set_aside(self, ticket_id: str, reason: str, at: datetime) -> None:
        await self._c.execute(
            update(tickets)
            .where(tickets.c.id == ticket_id)
            .values(status=TicketStatus.NEEDS_REVIEW.value, review_reason=reason)
        )


class PostgresSettlementUnitOfWork(PostgresBettingUnitOfWork):
    """The betting unit of work with the tickets waiting for settlement on the same connection."""

    settlements: PostgresTicketSettlements

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        if self._connection is None:
            raise AssertionError("opened by the betting unit of work")
        self.settlements = PostgresTicketSettlements(self._connection)
        return self
