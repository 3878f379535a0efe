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

from temporalio import activity
from temporalio.exceptions import ApplicationError

from application.errors import NotFound
from application.use_cases.check_alerts import CheckAlerts
from application.use_cases.place_ticket import PlaceTicket, UnplacedTickets
from workflows.placement import names, translate
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
    """The placement activities; workflows call them as methods (`PlacementActivities.place`)."""

    def __init__(self, use_cases: PlacementUseCases) -> None:
        self._use = use_cases

    def activities(self) -> list[Callable[..., object]]:
        return [self.place, self.check_alerts, self.unplaced]

    @activity.defn(name=names.PLACE)
    async def place(self, request: PlaceRequest) -> PlaceOutcome:
        use_case = self._use.place_ticket(request.as_of)
        try:
            placed = await use_case.execute(translate.place_request(request))
        except NotFound as error:
            raise ApplicationError(str(error), type="NotFound", non_retryable=True) from error
        return translate.outcome_of(placed)

    @activity.defn(name=names.UNPLACED)
    async def unplaced(self, request: UnplacedRequest) -> Unplaced:
        return translate.unplaced(await self._use.unplaced().execute())

    @activity.defn(name=names.CHECK_ALERTS)
    async def check_alerts(self, request: AlertsRequest) -> AlertsRaised:
        checked = await self._use.check_alerts().execute(translate.alerts_request(request))
        return translate.alerts_raised(checked)
