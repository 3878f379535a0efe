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
import bisect
import contextvars
import itertools
import logging
import os
import re
import sys
import time
from collections.abc import Awaitable, Callable
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
FLUSH_SECONDS = 1.0


class HttpMetrics:
    """Request counts, durations and requests in progress tallied in plain Python and handed to
    prometheus_client at most once a second (and before each scrape of this worker): with several
    workers every metric update is a locked write to a shared file, five of them per request otherwise.
    The histogram's buckets are those of prometheus_client's Histogram, filled through its children."""

    def __init__(self) -> None:
        self._pending: dict[tuple[str, str, int], list[Any]] = {}  # key -> [count, sum, bucket counts]
        self._running: dict[tuple[str, str], int] = {}
        self._children: dict[tuple[str, str, int], tuple[Any, Any, Any]] = {}
        self._gauges: dict[tuple[str, str], Any] = {}
        self._scheduled = False

    def started(self, method: str, template: str) -> None:
        key = (method, template)
        self._running[key] = self._running.get(key, 0) + 1
        self._schedule()

    def finished(self, method: str, template: str) -> None:
        self._running[(method, template)] -= 1
        self._schedule()

    def record(self, method: str, template: str, status: int, seconds: float) -> None:
        key = (method, template, status)
        tally = self._pending.get(key)
        if tally is None:
            tally = self._pending[key] = [0, 0.0, [0] * len(BOUNDS)]
        tally[0] += 1
        tally[1] += seconds
        tally[2][bisect.bisect_left(BOUNDS, seconds)] += 1
        self._schedule()

    def _schedule(self) -> None:
        if self._scheduled:
            return
        try:
            asyncio.get_running_loop().call_later(FLUSH_SECONDS, self.flush)
            self._scheduled = True
        except RuntimeError:  # no loop: hand over at once
            self.flush()

    def flush(self) -> None:
        self._scheduled = False
        pending, self._pending = self._pending, {}
        for key, (count, total, buckets) in pending.items():
            requests, duration, errors = self._children_of(key)
            requests.inc(count)
            duration._sum.inc(total)
            for bucket, hits in zip(duration._buckets, buckets, strict=True):
                if hits:
                    bucket.inc(hits)
            if errors is not None:
                errors.inc(count)
        for route, running in self._running.items():
            gauge = self._gauges.get(route)
            if gauge is None:
                gauge = self._gauges[route] = IN_PROGRESS.labels(route[0], route[1], "200", APP_NAME)
            gauge.set(running)

    def _children_of(self, key: tuple[str, str, int]) -> tuple[Any, Any, Any]:
        children = self._children.get(key)
        if children is None:
            labels = (key[0], key[1], str(key[2]), APP_NAME)
            errors = ERRORS.labels(*labels) if key[2] >= 500 else None
            children = self._children[key] = (REQUESTS.labels(*labels), DURATION.labels(*labels), errors)
        return children


BOUNDS = DURATION._upper_bounds  # the histogram's bucket bounds, +Inf last
HTTP_METRICS = HttpMetrics()
MAX_PENDING_LINES = 1000


class AccessLog:
    """Access lines gathered while the event loop runs its ready callbacks and written in one go at the
    end of that pass: under load one write to standard error carries many lines, and none waits longer
    than the loop's current pass."""

    def __init__(self) -> None:
        self._lines: list[bytes] = []

    def write(self, line: bytes) -> None:
        """Queue one JSON document (its line break is added here)."""
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
            lines.append(b"")
            sys.stderr.write(b"\n".join(lines).decode())


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
        template: str | None = scope.get("path_template")
        method = str(scope.get("method"))
        if template is not None and template.startswith(_UNMETERED):
            HTTP_METRICS.flush()  # a scrape of this worker sees all it counted
            template = None
        if template is not None:
            HTTP_METRICS.started(method, template)
        try:
            await self.app(scope, receive, send)
        finally:
            if template is not None:
                HTTP_METRICS.finished(method, template)
            structlog.contextvars.reset_contextvars(**bound)
            request_id_var.reset(token)


def response_hook(*, trace_ids: bool) -> Callable[[Message, Scope], Awaitable[None]]:
    """The `before_send` hook: echo the request id, log the request and count it once its status is
    known. `trace_ids`: put the current span's trace id in the access line (only when tracing is on)."""

    async def log_response(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        state = scope.setdefault("state", {})
        request_id = state.get("request_id") or state.setdefault("request_id", os.urandom(16).hex())
        message["headers"] = [*message.get("headers", ()), (_REQUEST_ID_HEADER, request_id.encode())]
        status = message["status"]
        seconds = time.perf_counter() - state.get("started", time.perf_counter())
        template = scope.get("path_template")
        if template is not None and not template.startswith(_UNMETERED):  # not an unknown path, nor /metrics
            HTTP_METRICS.record(str(scope.get("method")), template, status, seconds)
        if access_log.isEnabledFor(logging.INFO):
            _log_request(scope, request_id, status, seconds, trace_ids)

    return log_response


def _request_id(scope: Scope) -> str | None:
    """The caller's X-Request-ID when well formed."""
    for name, value in scope["headers"]:
        if name == _REQUEST_ID_HEADER:
            candidate = value.decode("latin-1")
            return candidate if _VALID_REQUEST_ID.match(candidate) else None
    return None


def _log_request(scope: Scope, request_id: str, status: int, seconds: float, trace_ids: bool) -> None:
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
    if trace_ids:
        context = trace.get_current_span().get_span_context()
        if context.is_valid:
            entry["trace_id"] = format(context.trace_id, "032x")
    ACCESS_LOG.write(_encode(entry))
