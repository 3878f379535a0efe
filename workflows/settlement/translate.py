"""Settlement messages to the use cases' requests, and their answers to messages (by keyword)."""

from __future__ import annotations

from decimal import Decimal

from application.use_cases.settle_ticket import PendingRequest as PendingSettlementsRequest
from application.use_cases.settle_ticket import SettledTicket, SettleTicketRequest
from domain.tickets import TicketStatus
from workflows.settlement.messages import PendingRequest, PendingTickets, SettlementOutcome, SettleRequest


def pending_request(request: PendingRequest) -> PendingSettlementsRequest:
    return PendingSettlementsRequest(as_of=request.as_of)


def pending_tickets(ticket_ids: tuple[str, ...]) -> PendingTickets:
    return PendingTickets(ticket_ids=ticket_ids)


def settle_request(request: SettleRequest) -> SettleTicketRequest:
    return SettleTicketRequest(ticket_id=request.ticket_id, as_of=request.as_of)


def settlement_outcome(settled: SettledTicket) -> SettlementOutcome:
    return SettlementOutcome(
        ticket_id=settled.ticket_id,
        status=settled.status.value,
        payout=settled.payout,
        already_settled=settled.already_settled,
        closing_line_value=settled.closing_line_value,
        note=settled.review_reason,
    )


def not_ready(request: SettleRequest, why: str) -> SettlementOutcome:
    """A result withdrawn meanwhile: the ticket stays issued and waits for the next run."""
    return SettlementOutcome(
        ticket_id=request.ticket_id,
        status=TicketStatus.ISSUED.value,
        payout=Decimal(0),
        already_settled=False,
        note=why,
    )
