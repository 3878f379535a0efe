"""The placement activities: placing a ticket (PlaceTicket, the use case the API places through) and
checking the alerts after placing (CheckAlerts).

Retries are safe: the ticket is locked in its placing transaction, a ticket no longer issued is reported
as already placed, and the bookmaker gets the ticket id as its client reference, so an attempt killed
after the bet was taken finds that bet instead of making a second one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from temporalio import activity
from temporalio.exceptions import ApplicationError

from application.errors import NotFound
from application.use_cases.check_alerts import CheckAlerts, CheckAlertsRequest
from application.use_cases.place_ticket import (
    PlacedTicket,
    PlaceTicket,
    PlaceTicketRequest,
    UnplacedTickets,
)
from workflows.placement import names
from workflows.placement.messages import (
    AlertsRaised,
    AlertsRequest,
    PlaceOutcome,
    PlaceRequest,
    Unplaced,
    UnplacedRequest,
)


@dataclass(frozen=True)
class PlacementUseCases:
    place_ticket: Callable[[datetime | None], PlaceTicket]  # the bookmakers' market at that time (None: now)
    check_alerts: Callable[[], CheckAlerts]
    unplaced: Callable[[], UnplacedTickets]


class PlacementActivities:
    def __init__(self, use_cases: PlacementUseCases) -> None:
        self._use = use_cases

    def activities(self) -> list[Callable[..., object]]:
        return [self.place, self.check_alerts, self.unplaced]

    @activity.defn(name=names.PLACE)
    async def place(self, request: PlaceRequest) -> PlaceOutcome:
        try:
            placed = await self._use.place_ticket(request.as_of).execute(
                PlaceTicketRequest(request.ticket_id)
            )
        except NotFound as error:
            raise ApplicationError(str(error), type="NotFound", non_retryable=True) from error
        return outcome_of(placed)

    @activity.defn(name=names.UNPLACED)
    async def unplaced(self, request: UnplacedRequest) -> Unplaced:
        return Unplaced(await self._use.unplaced().execute())

    @activity.defn(name=names.CHECK_ALERTS)
    async def check_alerts(self, request: AlertsRequest) -> AlertsRaised:
        checked = await self._use.check_alerts().execute(CheckAlertsRequest(request.as_of))
        return AlertsRaised(tuple(alert.message for alert in checked.raised), checked.undelivered)


def outcome_of(placed: PlacedTicket) -> PlaceOutcome:
    p = placed.placement
    if p is None:
        return PlaceOutcome(placed.ticket_id, placed.status.value, None, None, None, None, Decimal(0), None,
                            placed.already_placed)  # fmt: skip
    return PlaceOutcome(placed.ticket_id, placed.status.value, p.bookmaker, p.status.value,
                        p.reason.value if p.reason else None, p.accepted_odds, p.matched_stake, p.bet_ref,
                        placed.already_placed)  # fmt: skip
