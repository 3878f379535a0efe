"""Business metrics next to Litestar's HTTP metrics (all exported on /metrics, which needs a key)."""

from __future__ import annotations

import hmac
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, NotFoundException
from litestar.handlers.base import BaseRouteHandler
from litestar.plugins.prometheus import PrometheusController
from prometheus_client import Counter

TICKETS = Counter("stakewise_tickets_total", "Ticket requests that ended with a ticket", ["outcome"])
REFUSALS = Counter("stakewise_ticket_refusals_total", "Ticket requests refused", ["reason"])


def metrics_controller(key: str | None) -> type[PrometheusController]:
    """/metrics, not public: it answers only a request bearing STAKEWISE_METRICS_KEY (404 when unset)."""

    def require_key(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        if key is None:
            raise NotFoundException()
        offered = connection.headers.get("authorization", "")
        if not hmac.compare_digest(offered.encode(), f"Bearer {key}".encode()):
            raise NotAuthorizedException("/metrics needs `Authorization: Bearer <STAKEWISE_METRICS_KEY>`")

    class MetricsController(PrometheusController):
        guards = [require_key]  # noqa: RUF012 (Litestar reads the class attribute)
        include_in_schema = False

    return MetricsController
