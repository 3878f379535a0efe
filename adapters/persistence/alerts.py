"""Alerts on PostgreSQL: the `alerts` table (one row per key) and what the alert checks read."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import case, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from adapters.persistence import cursors
from adapters.persistence.errors import translated
from adapters.persistence.schema.betting import ticket_legs, tickets
from adapters.persistence.schema.placements import alerts, placements
from application.ports.alert_store import OpenLeg, PlacementTally
from domain.alerts import Alert, AlertKind
from domain.legs import Leg
from domain.odds import Odds
from domain.placement import PlacementStatus
from domain.tickets import SETTLEABLE

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy.ext.asyncio import AsyncEngine

    from application.pagination import Page, PageRequest


class PostgresAlertStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def add(self, alert: Alert) -> bool:
        values = {
            "kind": alert.kind.value,
            "key": alert.key,
            "subject": alert.subject,
            "message": alert.message,
            "details": dict(alert.details),
            "raised_at": alert.raised_at,
        }
        async with translated(), self._engine.begin() as connection:
            added = await connection.execute(
                pg_insert(alerts).values(values).on_conflict_do_nothing().returning(alerts.c.id)
            )
            return added.first() is not None

    async def page(self, request: PageRequest) -> Page[Alert]:
        query = cursors.keyset(
            select(alerts), alerts.c.raised_at, alerts.c.id, request, newest_first=True, parse_id=int
        )
        async with translated(), self._engine.connect() as connection:
            rows = (await connection.execute(query)).all()
        ids = {row.key: row.id for row in rows}
        return cursors.page_of([_alert(row) for row in rows], request, lambda a: (a.raised_at, ids[a.key]))

    async def open_legs(self) -> list[OpenLeg]:
        query = (
            select(ticket_legs)
            .join(tickets, tickets.c.id == ticket_legs.c.ticket_id)
            .where(tickets.c.status.in_([status.value for status in SETTLEABLE]))
            .order_by(tickets.c.issued_at, ticket_legs.c.ticket_id, ticket_legs.c.position)
        )
        async with translated(), self._engine.connect() as connection:
            rows = (await connection.execute(query)).all()
        return [OpenLeg(row.ticket_id, _leg(row)) for row in rows]

    async def placement_tally(self, since: datetime, until: datetime) -> list[PlacementTally]:
        p = placements.c
        rejected = func.count(case((p.status == PlacementStatus.REJECTED.value, 1)))
        query = (
            select(p.bookmaker, func.count(), rejected)
            .where(p.status != PlacementStatus.PENDING.value, p.placed_at >= since, p.placed_at < until)
            .group_by(p.bookmaker)
            .order_by(p.bookmaker)
        )
        async with translated(), self._engine.connect() as connection:
            rows = (await connection.execute(query)).all()
        return [PlacementTally(bookmaker, placed, rejected) for bookmaker, placed, rejected in rows]


def _alert(row: Any) -> Alert:
    return Alert(AlertKind(row.kind), row.key, row.subject, row.message, row.raised_at, dict(row.details))


def _leg(row: Any) -> Leg:
    return Leg(row.fixture_id, row.competition, row.market, row.selection, row.bookmaker, Odds(row.price),
               row.line, row.correlation_group)  # fmt: skip
