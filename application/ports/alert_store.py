"""Port: the alerts raised, each stored once by its key, and what the alert checks read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from application.pagination import Page, PageRequest
from domain.alerts import Alert
from domain.legs import Leg


@dataclass(frozen=True, slots=True)
class OpenLeg:
    """A leg of a ticket still open (issued or placed): the odds it took at its bookmaker."""

    ticket_id: str
    leg: Leg


@dataclass(frozen=True, slots=True)
class PlacementTally:
    bookmaker: str
    placed: int  # final placements (accepted, partially matched or rejected)
    rejected: int


class AlertStore(Protocol):
    async def add(self, alert: Alert) -> bool:
        """Store the alert unless one with its key exists; True when it is new."""
        ...

    async def page(self, request: PageRequest) -> Page[Alert]:
        """Alerts, newest first."""
        ...

    async def open_legs(self) -> list[OpenLeg]: ...

    async def placement_tally(self, since: datetime, until: datetime) -> list[PlacementTally]:
        """Placements made in [since, until) per bookmaker."""
        ...
