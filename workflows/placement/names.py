"""The names the placement activities are registered under (histories record them; workflows call methods)."""

from __future__ import annotations

PLACE = "placement.place"
CHECK_ALERTS = "placement.check_alerts"
UNPLACED = "placement.unplaced"

ALL = (PLACE, CHECK_ALERTS, UNPLACED)


def activity_id(ticket_id: str) -> str:
    """The activity of a ticket's placement is keyed by the ticket id (also the bookmaker's client ref)."""
    return f"place-{ticket_id}"
