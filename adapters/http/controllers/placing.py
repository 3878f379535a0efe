"""Placing a ticket the API has just issued, through the same use case as the pipeline's activity."""

from __future__ import annotations

import logging

from application.ports.ticket_repository import TicketRecord
from application.use_cases.place_ticket import PlaceTicket, PlaceTicketRequest
from domain.tickets import TicketStatus

log = logging.getLogger(__name__)


async def place_issued(ticket: TicketRecord, place_ticket: PlaceTicket | None) -> TicketRecord:
    """Place the ticket and return it as stored. Issuing has committed: a bookmaker that cannot be reached
    leaves the ticket issued (the pipeline's placement step places it later), it does not undo the ticket.
    With STAKEWISE_API_PLACE_ON_ISSUE=false (`place_ticket` None) placing is left to that step."""
    if place_ticket is None or ticket.status is not TicketStatus.ISSUED:
        return ticket
    try:
        placed = await place_ticket.execute(PlaceTicketRequest(ticket.ticket_id, issued=ticket))
    except Exception:
        log.exception("ticket %s is issued but could not be placed now", ticket.ticket_id)
        return ticket
    return placed.ticket
