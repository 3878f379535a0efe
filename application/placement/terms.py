"""From a stored ticket to what a bookmaker is asked, and back to the terms its settlement uses."""

from __future__ import annotations

from dataclasses import replace

from application.ports.ticket_repository import TicketRecord
from domain.odds import Odds
from domain.placement import Order, OrderLeg
from domain.tickets import Ticket, TicketStatus


def order_of(record: TicketRecord) -> Order:
    """The order for a ticket: its stake, each leg at the odds it was issued at as the minimum."""
    legs = tuple(
        OrderLeg(leg.fixture_id, leg.market, leg.selection, leg.odds.decimal, leg.line) for leg in record.legs
    )
    return Order(record.legs[0].bookmaker, record.ticket_id, record.stake, legs)


def bookmakers_of(record: TicketRecord) -> set[str]:
    return {leg.bookmaker for leg in record.legs}


def ticket_as_placed(record: TicketRecord) -> Ticket:
    """The ticket aggregate in its stored state, on the terms it settles on: a placed ticket on the matched
    stake, the accepted odds of each leg and its bookmaker's commission; an unplaced one as issued."""
    placed = record.placed
    if placed is None:
        ticket = Ticket(record.ticket_id, record.legs, record.stake)
    else:
        legs = [replace(leg, odds=Odds.from_decimal(odds)) for leg, odds in zip(record.legs, placed.leg_odds,
                                                                               strict=True)]  # fmt: skip
        ticket = Ticket(record.ticket_id, legs, placed.matched_stake, placed.commission)
    ticket.issue()
    if record.status in (TicketStatus.PLACED, TicketStatus.PARTIALLY_PLACED):
        ticket.place(record.status)
    return ticket
