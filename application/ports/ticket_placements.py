"""Port: issued tickets being placed, their placements, in the placing transaction."""

from __future__ import annotations

from typing import Protocol

from application.ports.betting_unit_of_work import BettingUnitOfWork
from application.ports.ticket_repository import TicketRecord
from domain.placement import Placement
from domain.tickets import TicketStatus


class TicketPlacements(Protocol):
    async def lock(self, ticket_id: str) -> TicketRecord | None:
        """The ticket (any partner's) locked until the transaction ends, with its placements."""
        ...

    async def record(self, ticket_id: str, placement: Placement) -> None:
        """Store the placement of the ticket (a pending one is replaced by its final state)."""
        ...

    async def mark(self, ticket_id: str, status: TicketStatus) -> None: ...

    async def unplaced(self) -> list[str]:
        """Issued tickets with no final placement yet, oldest first."""
        ...


class PlacementUnitOfWork(BettingUnitOfWork, Protocol):
    """The betting transaction, plus the tickets being placed."""

    @property
    def placements(self) -> TicketPlacements: ...
