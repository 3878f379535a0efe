"""The placement step of a workflow body: one activity per issued ticket, its id derived from the ticket."""

from __future__ import annotations

from datetime import datetime

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.placement import names
    from workflows.placement.activities import PlacementActivities
    from workflows.placement.messages import (
        AlertsRaised,
        AlertsRequest,
        PlaceOutcome,
        PlaceRequest,
        UnplacedRequest,
    )
    from workflows.steps import short_step
    from workflows.tuning import Tuning


async def place_tickets(
    issued: list[str], as_of: datetime | None, tuning: Tuning
) -> tuple[PlaceOutcome, ...]:
    """Place each ticket in turn, the run's own first, then those earlier placing left unplaced (a worker
    killed mid-placement is replaced; the ticket id keys the retry)."""
    left = await short_step(PlacementActivities.unplaced, UnplacedRequest(), tuning)
    placed = []
    for ticket_id in [*issued, *(t for t in left.ticket_ids if t not in issued)]:
        placed.append(
            await workflow.execute_activity_method(
                PlacementActivities.place,
                PlaceRequest(ticket_id=ticket_id, as_of=as_of),
                activity_id=names.activity_id(ticket_id),
                **tuning.short_step(),
            )
        )
    return tuple(placed)


async def check_alerts(as_of: datetime, tuning: Tuning) -> AlertsRaised:
    """Raise the alerts the new placements and prices call for (one already raised is not raised again)."""
    return await short_step(PlacementActivities.check_alerts, AlertsRequest(as_of=as_of), tuning)
