"""Moves that change a ticket and its bankroll together. Each checks everything first, so a refused move
changes neither."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from domain.bankroll import Bankroll
from domain.errors import DomainError
from domain.placement import Placement, PlacementStatus
from domain.risk import StakeRequest
from domain.settlement import SettlementInput
from domain.tickets import STAKE_RESERVED, Ticket, TicketLifecycle, TicketStatus

PLACED_AS = {
    PlacementStatus.ACCEPTED: TicketStatus.PLACED,
    PlacementStatus.PARTIALLY_MATCHED: TicketStatus.PARTIALLY_PLACED,
    PlacementStatus.REJECTED: TicketStatus.REJECTED,
}


def issue_ticket(ticket: Ticket, bankroll: Bankroll, day: date) -> None:
    """Reserve the stake on the betting `day` (risk rules apply), then issue the ticket."""
    TicketLifecycle(ticket.status, TicketStatus.ISSUED).check()
    bankroll.reserve(
        StakeRequest(ticket.ticket_id, ticket.stake, ticket.fixture_ids, day, ticket.combined_odds)
    )
    ticket.issue()


def settle_ticket(
    ticket: Ticket, bankroll: Bankroll, results: Mapping[str, SettlementInput], day: date
) -> Decimal:
    """Settle the ticket and post its payout; a ticket voided by its results gets its stake released."""
    TicketLifecycle(ticket.status, TicketStatus.SETTLED).check()
    _require_reservation(ticket, bankroll)
    payout = ticket.settle(results)
    if ticket.status is TicketStatus.VOIDED:
        bankroll.release(ticket.ticket_id)
    else:
        bankroll.settle(ticket.ticket_id, payout, day)
    return payout


def place_ticket(ticket: Ticket, bankroll: Bankroll, placement: Placement) -> None:
    """Apply a bookmaker's final answer (domain.placement, rule 3): the stake nobody matched is released."""
    if placement.status is PlacementStatus.PENDING:
        raise DomainError(f"ticket {ticket.ticket_id}: a pending placement decides nothing yet")
    _require_reservation(ticket, bankroll)
    ticket.place(PLACED_AS[placement.status], placement)
    if placement.status is PlacementStatus.REJECTED:
        bankroll.release(ticket.ticket_id)
    elif placement.unmatched_stake > 0:
        bankroll.release_unmatched(ticket.ticket_id, placement.unmatched_stake)


def void_ticket(ticket: Ticket, bankroll: Bankroll, reason: str) -> None:
    TicketLifecycle(ticket.status, TicketStatus.VOIDED).check()
    _require_reservation(ticket, bankroll)
    ticket.void(reason)
    bankroll.release(ticket.ticket_id)


def cancel_ticket(ticket: Ticket, bankroll: Bankroll, reason: str) -> None:
    """Cancel before settlement; an issued (or placed) ticket's stake goes back to the bankroll."""
    was_issued = ticket.status in STAKE_RESERVED
    if was_issued:
        _require_reservation(ticket, bankroll)
    ticket.cancel(reason)
    if was_issued:
        bankroll.release(ticket.ticket_id)


def _require_reservation(ticket: Ticket, bankroll: Bankroll) -> None:
    if not bankroll.holds(ticket.ticket_id):
        raise DomainError(f"bankroll {bankroll.bankroll_id} holds no stake for ticket {ticket.ticket_id}")
