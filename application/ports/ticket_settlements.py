"""Port: the issued tickets waiting for settlement, locked and marked settled in the settling transaction."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Protocol

from application.ports.betting_unit_of_work import BettingUnitOfWork
from application.ports.ticket_repository import TicketRecord
from domain.tickets import TicketStatus


class TicketSettlements(Protocol):
    async def issued(self) -> list[TicketRecord]:
        """Every ticket still open: issued, placed or partially placed, oldest first."""
        ...

    async def lock(self, ticket_id: str) -> TicketRecord | None:
        """The ticket locked until the end of the transaction (any partner's), or None when unknown."""
        ...

    async def close(self, ticket_id: str, status: TicketStatus, payout: Decimal, at: datetime) -> None:
        """Record the settled (or voided) status, the payout and the time of settlement."""
        ...

    async def set_aside(self, ticket_id: str, reason: str, at: datetime) -> None:
        """Mark the ticket needs_review with the reason (its stake stays reserved)."""
        ...


class SettlementUnitOfWork(BettingUnitOfWork, Protocol):
    """The betting transaction, plus the tickets waiting for settlement."""

    @property
    def settlements(self) -> TicketSettlements: ...
