"""structlog JSON lines on standard error, for the API, the command line, the worker and the activities.

Log with `structlog.stdlib.get_logger(__name__)` (key-value pairs) or the standard library's logging; bind
context for a block with `structlog.contextvars.bound_contextvars(key=value)`.

Every line is one JSON object with `ts`, `level`, `logger`, `event`, the process's `component`, and, where
they apply, `request_id` (API), `workflow_id` and `activity` (Temporal activities), and the `trace_id` and
`span_id` of the current OpenTelemetry span. Standard-library loggers (`logging.getLogger(__name__)`) are
rendered the same way, with their `extra` fields.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

import structlog
from opentelemetry import trace

if TYPE_CHECKING:
    from structlog.typing import EventDict, Processor, WrappedLogger

LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR}
_HANDLER_NAME = "stakewise-json"


def add_trace_ids(_: WrappedLogger, __: str, event: EventDict) -> EventDict:
    context = trace.get_current_span().get_span_context()
    if context.is_valid:
        event.setdefault("trace_id", format(context.trace_id, "032x"))
        event.setdefault("span_id", format(context.span_id, "016x"))
    return event


def configure_logging(level: str, component: str) -> None:
    """Route structlog and the standard library's logging to one JSON handler on standard error.

    Idempotent: a second call only changes the level and the component.
    """

    def add_component(_: WrappedLogger, __: str, event: EventDict) -> EventDict:
        event.setdefault("component", component)
        return event

    shared: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True, key="ts"),
        add_trace_ids,
        add_component,
    ]
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[*shared, structlog.stdlib.ExtraAdder()],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(default=str),
        ],
    )
    root = logging.getLogger()
    for handler in [h for h in root.handlers if h.get_name() == _HANDLER_NAME]:
        root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(formatter)
    root.addHandler(handler)
    root.setLevel(LEVELS[level])
    # Alembic says at info which dialect it found on every start (a process migrates before it serves):
    # noise at info, kept at debug; its warnings and errors still pass.
    logging.getLogger("alembic").setLevel(LEVELS["debug"] if level == "debug" else LEVELS["warning"])
