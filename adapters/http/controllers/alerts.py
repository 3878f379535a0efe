"""Alerts: price moves of open tickets, bookmaker limit changes, rejection rates (newest first)."""

from __future__ import annotations

from datetime import datetime

from litestar import Controller, get
from litestar.di import NamedDependency
from msgspec import Struct

from adapters.http.controllers.common import QUANTS_AND_AUDITORS, Cursor, Limit, page_request
from adapters.http.schemas import PageOut
from application.use_cases.check_alerts import ListAlerts
from domain.alerts import Alert


class AlertOut(Struct, frozen=True):
    kind: str  # price_move, limit_change, rejection_rate
    subject: str
    message: str
    raised_at: datetime
    details: dict[str, str]

    @classmethod
    def of(cls, alert: Alert) -> AlertOut:
        return cls(alert.kind.value, alert.subject, alert.message, alert.raised_at, dict(alert.details))


class AlertController(Controller):
    path = "/v1/alerts"
    tags = ["alerts"]  # noqa: RUF012
    guards = QUANTS_AND_AUDITORS

    @get("", summary="Alerts, newest first")
    async def list_all(
        self, list_alerts: NamedDependency[ListAlerts], limit: Limit = 50, cursor: Cursor = None
    ) -> PageOut[AlertOut]:
        page = await list_alerts.execute(page_request(limit, cursor))
        return PageOut(items=[AlertOut.of(alert) for alert in page.items], next_cursor=page.next_cursor)
