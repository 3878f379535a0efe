"""Request ids, structured JSON logs (one line per request, on standard error) and Prometheus metrics.

Log lines are those of adapters/observability/logs.py (structlog); the request id is bound for every line
logged while a request is handled. The access log line is written straight to standard error in the
same shape: one line per request is the hottest log there is.

Every request passes through here, `GET /v1/ping` included, so the work per request is kept small: one
pure ASGI middleware (no Request object, no per-request closure) starts the clock and names the request,
and one `before_send` hook (it sees every response, those the exception handlers send after a middleware
raised included) echoes the id, writes the access line and counts the request. The HTTP metrics keep the
names and labels of Litestar's PrometheusMiddleware (`stakewise_requests_total`,
`stakewise_request_duration_seconds`, `stakewise_requests_in_progress`, `stakewise_requests_error_total`;
labels method, path template, status_code, app_name), with their label children looked up once per route
and status rather than on every request.
"""

from __future__ import annotations

import asyncio
import contextvars
import itertools
import logging
import os
import re
import sys
import time
from datetime import UTC, datetime
from typing import Any

import msgspec
import structlog
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from opentelemetry import trace
from prometheus_client import Counter, Gauge, Histogram

REQUEST_ID_HEADER = "x-request-id"
_REQUEST_ID_HEADER = REQUEST_ID_HEADER.encode()
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
_encode = msgspec.json.Encoder().encode
request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
access_log = logging.getLogger("stakewise.http.access")

APP_NAME = "stakewise"
LABELS = ["method", "path", "status_code", "app_name"]
REQUESTS = Counter("stakewise_requests_total", "Total requests", LABELS)
DURATION = Histogram("stakewise_request_duration_seconds", "Request duration, in seconds", LABELS)
IN_PROGRESS = Gauge(
    "stakewise_requests_in_progress",
    "Total requests currently in progress",
    LABELS,
    multiprocess_mode="livesum",
)
ERRORS = Counter("stakewise_requests_error_total", "Total errors in requests", LABELS)
_UNMETERED = ("/metrics",)  # scraping is not traffic
_children: dict[tuple[str, str, int], tuple[Any, Any, Any]] = {}
_in_progress: dict[tuple[str, str], Any] = {}


MAX_PENDING_LINES = 1000


class AccessLog:
    """Access lines gathered while the event loop runs its ready callbacks and written in one go at the
    end of that pass: under load one write to standard error carries many lines, and none waits longer
    than the loop's current pass."""

    def __init__(self) -> None:
        self._lines: list[str] = []

    def write(self, line: str) -> None:
        self._lines.append(line)
        if len(self._lines) == 1:
            try:
                asyncio.get_running_loop().call_soon(self.flush)
            except RuntimeError:  # no loop: write at once
                self.flush()
        elif len(self._lines) >= MAX_PENDING_LINES:  # a loop that stopped before its flush ran
            self.flush()

    def flush(self) -> None:
        lines, self._lines = self._lines, []
        if lines:
            sys.stderr.write("".join(lines))


ACCESS_LOG = AccessLog()


class RequestIdMiddleware:
    """Give every request an id (the caller's X-Request-ID if well formed) before anything else runs,
    start its clock and count it in progress.

    A generated id is this worker's random prefix and a counter (32 hex digits): unique without asking
    the operating system for randomness on every request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._prefix, self._numbers = os.urandom(10).hex(), itertools.count()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        request_id = state["request_id"] = _request_id(scope) or f"{self._prefix}{next(self._numbers):012x}"
        state["started"] = time.perf_counter()
        token = request_id_var.set(request_id)
        bound = structlog.contextvars.bind_contextvars(request_id=request_id)
        gauge = _gauge(scope)
        if gauge is not None:
            gauge.inc()
        try:
            await self.app(scope, receive, send)
        finally:
            if gauge is not None:
                gauge.dec()
            structlog.contextvars.reset_contextvars(**bound)
            request_id_var.reset(token)


async def log_response(message: Message, scope: Scope) -> None:
    """`before_send` hook: echo the request id, log the request and count it once its status is known."""
    if message["type"] != "http.response.start":
        return
    state = scope.setdefault("state", {})
    request_id = state.get("request_id") or state.setdefault("request_id", os.urandom(16).hex())
    message["headers"] = [*message.get("headers", ()), (_REQUEST_ID_HEADER, request_id.encode())]
    status = message["status"]
    seconds = time.perf_counter() - state.get("started", time.perf_counter())
    _count(scope, status, seconds)
    if access_log.isEnabledFor(logging.INFO):
        _log_request(scope, request_id, status, seconds)


def _request_id(scope: Scope) -> str | None:
    """The caller's X-Request-ID when well formed."""
    for name, value in scope["headers"]:
        if name == _REQUEST_ID_HEADER:
            candidate = value.decode("latin-1")
            return candidate if _VALID_REQUEST_ID.match(candidate) else None
    return None


def _gauge(scope: Scope) -> Any:
    template = scope.get("path_template")
    if template is None or template.startswith(_UNMETERED):
        return None
    key = (str(scope.get("method")), template)
    gauge = _in_progress.get(key)
    if gauge is None:
        gauge = _in_progress[key] = IN_PROGRESS.labels(key[0], template, "200", APP_NAME)
    return gauge


def _count(scope: Scope, status: int, seconds: float) -> None:
    template = scope.get("path_template")
    if template is None or template.startswith(_UNMETERED):  # an unknown path, or /metrics
        return
    key = (str(scope.get("method")), template, status)
    children = _children.get(key)
    if children is None:
        labels = (key[0], template, str(status), APP_NAME)
        children = _children[key] = (
            REQUESTS.labels(*labels),
            DURATION.labels(*labels),
            ERRORS.labels(*labels) if status >= 500 else None,
        )
    children[0].inc()
    children[1].observe(seconds)
    if children[2] is not None:
        children[2].inc()


def _log_request(scope: Scope, request_id: str, status: int, seconds: float) -> None:
    """The access log line, written straight to standard error in the JsonFormatter's shape: one line per
    request is the hottest log there is, and a LogRecord plus a formatter cost more than the request."""
    entry = {
        "ts": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "level": "info",
        "logger": "stakewise.http.access",
        "component": "api",
        "event": "request",
        "request_id": request_id,
        "method": scope.get("method"),
        "path": scope.get("path"),
        "status": status,
        "duration_ms": round(seconds * 1000, 3),
        "key_id": getattr(scope.get("user"), "key_id", None),
    }
    span = trace.get_current_span()
    if span is not trace.INVALID_SPAN:
        context = span.get_span_context()
        if context.is_valid:
            entry["trace_id"] = format(context.trace_id, "032x")
    ACCESS_LOG.write(_encode(entry).decode() + "\n")
