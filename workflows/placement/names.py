"""Names of the placement activities: the workflow calls them by name, the activity class registers them."""

from __future__ import annotations

PLACE = "placement.place"
CHECK_ALERTS = "placement.check_alerts"
UNPLACED = "placement.unplaced"

ALL = (PLACE, CHECK_ALERTS, UNPLACED)


def activity_id(ticket_id: str) -> str:
    """The activity of a ticket's placement is keyed by the ticket id (also the bookmaker's client ref)."""
    return f"place-{ticket_id}"
