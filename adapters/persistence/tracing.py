"""One OpenTelemetry span per SQL statement, for every engine (a class-level SQLAlchemy event listener).

Installed only when tracing is on (`trace_sql_statements()`); the span is a child of whatever span is
current (the use case's), named after the statement's verb, with `db.statement` holding the SQL.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from typing import Any

from opentelemetry import trace
from opentelemetry.trace import Status, StatusCode
from sqlalchemy import event
from sqlalchemy.engine import Engine

MAX_STATEMENT = 2000
_SPAN = "_stakewise_span"
_installed = False
tracer = trace.get_tracer("stakewise.sql")


def trace_sql_statements() -> None:
    global _installed
    if _installed:
        return
    event.listen(Engine, "before_cursor_execute", _before)
    event.listen(Engine, "after_cursor_execute", _after)
    event.listen(Engine, "handle_error", _error)
    _installed = True


def _before(conn: Any, cursor: Any, statement: str, params: Any, context: Any, executemany: bool) -> None:
    name, attributes = _span_of(statement)
    span = tracer.start_span(
        name, kind=trace.SpanKind.CLIENT, attributes={**attributes, "db.executemany": executemany}
    )
    if context is not None:
        setattr(context, _SPAN, span)


def _after(conn: Any, cursor: Any, statement: str, params: Any, context: Any, executemany: bool) -> None:
    span = getattr(context, _SPAN, None)
    if span is not None:
        span.end()
        setattr(context, _SPAN, None)


def _error(exception_context: Any) -> None:
    span = getattr(exception_context.execution_context, _SPAN, None)
    if span is not None:
        span.set_status(Status(StatusCode.ERROR, str(exception_context.original_exception)[:200]))
        span.end()
        setattr(exception_context.execution_context, _SPAN, None)


def statement_span(statement: str) -> AbstractContextManager[object]:
    """The span of a statement sent to asyncpg directly (adapters.persistence.driver), when tracing is on."""
    if not _installed:
        return nullcontext()
    name, attributes = _span_of(statement)
    return tracer.start_as_current_span(name, kind=trace.SpanKind.CLIENT, attributes=attributes)


def _span_of(statement: str) -> tuple[str, dict[str, str]]:
    """The span's name ("sql SELECT") and its attributes."""
    verb = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else "SQL"
    attributes = {"db.system": "postgresql", "db.operation": verb, "db.statement": statement[:MAX_STATEMENT]}
    return f"sql {verb}", attributes
