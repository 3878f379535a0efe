"""Placement messages to the use cases' requests, and their answers to messages (by keyword)."""

from __future__ import annotations

from decimal import Decimal

from application.use_cases.check_alerts import CheckAlertsRequest, CheckedAlerts
from application.use_cases.place_ticket import PlacedTicket, PlaceTicketRequest
from workflows.placement.messages import AlertsRaised, AlertsRequest, PlaceOutcome, PlaceRequest, Unplaced


def place_request(request: PlaceRequest) -> PlaceTicketRequest:
    return PlaceTicketRequest(ticket_id=request.ticket_id)


def alerts_request(request: AlertsRequest) -> CheckAlertsRequest:
    return CheckAlertsRequest(as_of=request.as_of)


def outcome_of(placed: PlacedTicket) -> PlaceOutcome:
    """The ticket after placing; without a placement (still issued, or placed before) no answer of a book."""
    placement = placed.placement
    if placement is None:
        return PlaceOutcome(
            ticket_id=placed.ticket_id,
            status=placed.status.value,
            bookmaker=None,
            placement=None,
            reason=None,
            accepted_odds=None,
            matched_stake=Decimal(0),
            bet_ref=None,
            already_placed=placed.already_placed,
        )
    return PlaceOutcome(
        ticket_id=placed.ticket_id,
        status=placed.status.value,
        bookmaker=placement.bookmaker,
        placement=placement.status.value,
        reason=placement.reason.value if placement.reason else None,
        accepted_odds=placement.accepted_odds,
        matched_stake=placement.matched_stake,
        bet_ref=placement.bet_ref,
        already_placed=placed.already_placed,
    )


def unplaced(ticket_ids: tuple[str, ...]) -> Unplaced:
    return Unplaced(ticket_ids=ticket_ids)


def alerts_raised(checked: CheckedAlerts) -> AlertsRaised:
    return AlertsRaised(
        messages=tuple(alert.message for alert in checked.raised), undelivered=checked.undelivered
    )
