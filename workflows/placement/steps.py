"""The placement step of a workflow body: one activity per issued ticket, its id derived from the ticket."""

from __future__ import annotations

from datetime import datetime

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.placement import names
    from workflows.placement.messages import (
        AlertsRaised,
        AlertsRequest,
        PlaceOutcome,
        PlaceRequest,
        Unplaced,
        UnplacedRequest,
    )
    from workflows.tuning import Tuning


async def place_tickets(
    issued: list[str], as_of: datetime | None, tuning: Tuning
) -> tuple[PlaceOutcome, ...]:
    """Place each ticket in turn, the run's own first, then those earlier placing left unplaced (a worker
    killed mid-placement is replaced; the ticket id keys the retry)."""
    left: Unplaced = await workflow.execute_activity(
        names.UNPLACED, UnplacedRequest(), result_type=Unplaced, **tuning.short_step()
    )
    placed = []
    for ticket_id in [*issued, *(t for t in left.ticket_ids if t not in issued)]:
        placed.append(
            await workflow.execute_activity(
                names.PLACE,
                PlaceRequest(ticket_id, as_of),
                result_type=PlaceOutcome,
                activity_id=names.activity_id(ticket_id),
                **tuning.short_step(),
            )
        )
    return tuple(placed)


async def check_alerts(as_of: datetime, tuning: Tuning) -> AlertsRaised:
    """Raise the alerts the new placements and prices call for (one already raised is not raised again)."""
    raised: AlertsRaised = await workflow.execute_activity(
        names.CHECK_ALERTS, AlertsRequest(as_of), result_type=AlertsRaised, **tuning.short_step()
    )
    return raised
