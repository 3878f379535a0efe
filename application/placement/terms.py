"""From a stored ticket to the order a bookmaker is asked (its settlement terms: Ticket.restore)."""

from __future__ import annotations

from application.ports.ticket_repository import TicketRecord
from domain.placement import Order, OrderLeg


def order_of(record: TicketRecord) -> Order:
    """The order for a ticket: its stake, each leg at the odds it was issued at as the minimum."""
    legs = tuple(
        OrderLeg(leg.fixture_id, leg.market, leg.selection, leg.odds.decimal, leg.line) for leg in record.legs
    )
    return Order(record.legs[0].bookmaker, record.ticket_id, record.stake, legs)


def bookmakers_of(record: TicketRecord) -> set[str]:
    return {leg.bookmaker for leg in record.legs}
