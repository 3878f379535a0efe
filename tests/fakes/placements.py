"""In-memory tickets being placed, on the betting fake's state (passes the same contract tests)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from domain.placement import Placement, PlacementStatus
from domain.tickets import TicketStatus
from tests.fakes.betting import InMemoryState, InMemoryUnitOfWork

if TYPE_CHECKING:
    from application.ports.ticket_repository import TicketRecord


class InMemoryTicketPlacements:
    def __init__(self, state: InMemoryState) -> None:
        self.s = state

    async def lock(self, ticket_id: str) -> TicketRecord | None:
        return self.s.tickets.get(ticket_id)  # the database lock serialises transactions already

    async def record(self, ticket_id: str, placement: Placement) -> None:
        ticket = self.s.tickets[ticket_id]
        others = tuple(p for p in ticket.placements if p.bookmaker != placement.bookmaker)
        self.s.tickets[ticket_id] = dataclasses.replace(ticket, placements=(*others, placement))

    async def mark(self, ticket_id: str, status: TicketStatus) -> None:
        self.s.tickets[ticket_id] = dataclasses.replace(self.s.tickets[ticket_id], status=status)

    async def unplaced(self) -> list[str]:
        found = [
            t for t in self.s.tickets.values()
            if t.status is TicketStatus.ISSUED
            and all(p.status is PlacementStatus.PENDING for p in t.placements)
        ]  # fmt: skip
        return [t.ticket_id for t in sorted(found, key=lambda t: (t.issued_at, t.ticket_id))]


class InMemoryPlacementUnitOfWork(InMemoryUnitOfWork):
    placements: InMemoryTicketPlacements

    def _open(self, state: InMemoryState) -> None:
        super()._open(state)
        self.placements = InMemoryTicketPlacements(state)
