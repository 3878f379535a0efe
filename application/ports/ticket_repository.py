"""Port: issued tickets, read with the owning partner in the query (object-level authorisation)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from application.pagination import Page, PageRequest
from domain.legs import Leg
from domain.money import potential_return
from domain.placement import Placement, PlacementStatus
from domain.tickets import TicketKind, TicketStatus


@dataclass(frozen=True, slots=True)
class LegLineage:
    """Where a leg's price came from: the price-book entry it was checked against (bookmaker, price,
    captured_at, batch) and, when it came from a stakewise quote, the model version, probability and edge."""

    bookmaker: str | None = None
    price: Decimal | None = None
    captured_at: datetime | None = None
    batch_id: str | None = None
    model_version: str | None = None
    probability: float | None = None
    edge: float | None = None


@dataclass(frozen=True, slots=True)
class TicketRecord:
    ticket_id: str
    partner_id: str
    customer_id: str
    bankroll_id: str
    status: TicketStatus
    stake: Decimal
    combined_odds: Decimal
    legs: tuple[Leg, ...]
    in_play: tuple[bool, ...]
    decision_id: str
    issued_at: datetime
    payout: Decimal | None = None
    settled_at: datetime | None = None
    placements: tuple[Placement, ...] = ()  # the bookmakers' answers, oldest first
    lineage: tuple[LegLineage, ...] = ()  # one per leg when known (tickets issued before lineage: none)
    review_reason: str | None = None  # why settlement set the ticket aside for review

    @property
    def kind(self) -> TicketKind:
        return TicketKind.of(self.legs)

    @property
    def potential_return(self) -> Decimal:
        """What the ticket pays if every leg wins, rounded down to the cent (domain.money)."""
        return potential_return(self.stake, self.combined_odds)

    @property
    def placed(self) -> Placement | None:
        """The placement the ticket stands on (accepted or partially matched), if any."""
        bets = [p for p in self.placements if p.status is not PlacementStatus.PENDING and p.is_bet]
        return bets[-1] if bets else None


class TicketRepository(Protocol):
    async def add(self, ticket: TicketRecord) -> None: ...

    async def get(self, partner_scope: str | None, ticket_id: str) -> TicketRecord | None:
        """The ticket if it exists and belongs to the partner (None as scope: any partner)."""
        ...

    async def page(self, partner_scope: str | None, request: PageRequest) -> Page[TicketRecord]:
        """Tickets newest first."""
        ...

    async def settlements(
        self, partner_scope: str | None, request: PageRequest, status: TicketStatus | None = None
    ) -> Page[TicketRecord]:
        """Settled and voided tickets, the most recently settled first; with status `needs_review`, the
        tickets settlement set aside, oldest issued first."""
        ...
