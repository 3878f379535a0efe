"""In-memory tickets waiting for settlement, on the betting fake's state (passes the same contract tests)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from domain.tickets import SETTLEABLE, TicketStatus
from tests.fakes.betting import InMemoryState, InMemoryUnitOfWork

if TYPE_CHECKING:
    from datetime import datetime
    from decimal import Decimal

    from application.ports.ticket_repository import TicketRecord


class InMemoryTicketSettlements:
    def __init__(self, state: InMemoryState) -> None:
        self.s = state

    async def issued(self) -> list[TicketRecord]:
        found = [t for t in self.s.tickets.values() if t.status in SETTLEABLE]
        return sorted(found, key=lambda t: (t.issued_at, t.ticket_id))

    async def lock(self, ticket_id: str) -> TicketRecord | None:
        return self.s.tickets.get(ticket_id)  # the database lock serialises transactions already

    async def close(self, ticket_id: str, status: TicketStatus, payout: Decimal, at: datetime) -> None:
        ticket = self.s.tickets[ticket_id]
        self.s.tickets[ticket_id] = dataclasses.replace(ticket, status=status, payout=payout, settled_at=at)

    async def set_aside(self, ticket_id: str, reason: str, at: datetime) -> None:
        ticket = self.s.tickets[ticket_id]
        self.s.tickets[ticket_id] = dataclasses.replace(
            ticket, status=TicketStatus.NEEDS_REVIEW, review_reason=reason
        )


class InMemorySettlementUnitOfWork(InMemoryUnitOfWork):
    settlements: InMemoryTicketSettlements

    def _open(self, state: InMemoryState) -> None:
        super()._open(state)
        self.settlements = InMemoryTicketSettlements(state)
