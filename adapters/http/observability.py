"""Request ids, structured JSON logs (one line per request, on standard error) and Prometheus metrics.

Log lines are those of adapters/observability/logs.py (structlog); the request id is bound for every line
logged while a request is handled. The access log line is written straight to standard error in the
same shape: one line per request is the hottest log there is.
"""

from __future__ import annotations

import contextvars
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

import msgspec
import structlog
from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.plugins.prometheus import PrometheusConfig
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from opentelemetry import trace

REQUEST_ID_HEADER = "x-request-id"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
_encode = msgspec.json.Encoder().encode
request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
access_log = logging.getLogger("stakewise.http.access")


class RequestIdMiddleware:
    """Give every request an id (the caller's X-Request-ID if well formed) before anything else runs."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        state["request_id"], state["started"] = _request_id(scope), time.perf_counter()
        token = request_id_var.set(state["request_id"])
        try:
            with structlog.contextvars.bound_contextvars(request_id=state["request_id"]):
                await self.app(scope, receive, send)
        finally:
            request_id_var.reset(token)


async def log_response(message: Message, scope: Scope) -> None:
    """`before_send` hook: echo the request id and log the request once its status is known.

    A hook sees every response, including those the exception handlers send after a middleware raised.
    """
    if message["type"] != "http.response.start":
        return
    state = scope.setdefault("state", {})
    request_id = state.get("request_id") or state.setdefault("request_id", uuid.uuid4().hex)
    MutableScopeHeaders.from_message(message)[REQUEST_ID_HEADER] = request_id
    started = state.get("started", time.perf_counter())
    token = request_id_var.set(request_id)
    _log_request(scope, message["status"], time.perf_counter() - started)
    request_id_var.reset(token)


def _request_id(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == REQUEST_ID_HEADER.encode():
            candidate = value.decode("latin-1")
            if _VALID_REQUEST_ID.match(candidate):
                return candidate
    return uuid.uuid4().hex


def _log_request(scope: Scope, status: int, seconds: float) -> None:
    """The access log line, written straight to standard error in the JsonFormatter's shape: one line per
    request is the hottest log there is, and a LogRecord plus a formatter cost more than the request."""
    if not access_log.isEnabledFor(logging.INFO):
        return
    entry = {
        "ts": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "level": "info",
        "logger": access_log.name,
        "component": "api",
        "event": "request",
        "request_id": request_id_var.get(),
        "method": scope.get("method"),
        "path": scope.get("path"),
        "status": status,
        "duration_ms": round(seconds * 1000, 3),
        "key_id": getattr(scope.get("user"), "key_id", None),
    }
    context = trace.get_current_span().get_span_context()
    if context.is_valid:
        entry["trace_id"] = format(context.trace_id, "032x")
    sys.stderr.write(_encode(entry).decode() + "\n")


def prometheus_config() -> PrometheusConfig:
    return PrometheusConfig(
        app_name="stakewise",
        prefix="stakewise",
        group_path=True,
        exclude=["^/metrics"],
        exclude_unhandled_paths=True,
    )
