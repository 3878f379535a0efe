"""In-memory alert store over the betting fake's state (passes tests/contract/alert_store_contract.py)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from application.ports.alert_store import OpenLeg, PlacementTally
from domain.placement import PlacementStatus
from domain.tickets import SETTLEABLE
from tests.fakes.betting import InMemoryDatabase, _page

if TYPE_CHECKING:
    from datetime import datetime

    from application.pagination import Page, PageRequest
    from domain.alerts import Alert


class InMemoryAlertStore:
    def __init__(self, database: InMemoryDatabase) -> None:
        self.database = database
        self.alerts: dict[str, Alert] = {}

    async def add(self, alert: Alert) -> bool:
        if alert.key in self.alerts:
            return False
        self.alerts[alert.key] = alert
        return True

    async def page(self, request: PageRequest) -> Page[Alert]:
        newest = sorted(
            enumerate(self.alerts.values()), key=lambda item: (item[1].raised_at, item[0]), reverse=True
        )
        return _page([alert for _, alert in newest], request)

    async def open_legs(self) -> list[OpenLeg]:
        tickets = sorted(self.database.state.tickets.values(), key=lambda t: (t.issued_at, t.ticket_id))
        return [OpenLeg(t.ticket_id, leg) for t in tickets if t.status in SETTLEABLE for leg in t.legs]

    async def placement_tally(self, since: datetime, until: datetime) -> list[PlacementTally]:
        placed, rejected = Counter[str](), Counter[str]()
        for ticket in self.database.state.tickets.values():
            for p in ticket.placements:
                if p.status is not PlacementStatus.PENDING and p.placed_at and since <= p.placed_at < until:
                    placed[p.bookmaker] += 1
                    rejected[p.bookmaker] += p.status is PlacementStatus.REJECTED
        return [PlacementTally(b, placed[b], rejected[b]) for b in sorted(placed)]
