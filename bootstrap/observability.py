"""Switch on logs, traces and SQL spans for one process, from the settings (the CLI, API, worker).

Use cases get a span each without touching them: `instrument_use_cases()` wraps the `execute` method of
every class in application/use_cases/ (a new use case is covered by being there). The optimiser and the
policy engine open their own spans (adapters), so a ticket request's trace reads
HTTP -> use case -> SQL statements -> policy decision -> optimiser.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
from typing import TYPE_CHECKING, Any

import application.use_cases
from adapters.observability.logs import configure_logging
from adapters.observability.tracing import configure_tracing, tracer
from adapters.persistence.tracing import trace_sql_statements

if TYPE_CHECKING:
    from bootstrap.settings import Settings

_WRAPPED = "__stakewise_traced__"


def start_observability(settings: Settings, component: str, *, verbose: bool = False) -> bool:
    """Logs at STAKEWISE_LOG_LEVEL (debug with -v; by default info for servers, warning for the CLI);
    traces when STAKEWISE_OTEL_FILE or STAKEWISE_OTLP_ENDPOINT is set. True when tracing is on."""
    default = "warning" if component == "cli" else "info"
    configure_logging("debug" if verbose else settings.log_level or default, component)
    if not configure_tracing(f"stakewise-{component}", settings.otel_file, settings.otlp_endpoint):
        return False
    trace_sql_statements()
    instrument_use_cases()
    return True


def instrument_use_cases() -> None:
    for module_info in pkgutil.iter_modules(application.use_cases.__path__):
        module = importlib.import_module(f"application.use_cases.{module_info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and callable(getattr(cls, "execute", None)):
                _trace_execute(cls)


def _trace_execute(cls: type) -> None:
    execute = cls.__dict__.get("execute")
    if execute is None or getattr(execute, _WRAPPED, False):
        return
    name = f"use_case {cls.__name__}"
    attributes = {"code.namespace": f"{cls.__module__}.{cls.__name__}", "code.function": "execute"}
    if inspect.iscoroutinefunction(execute):

        @functools.wraps(execute)
        async def traced_async(self: Any, *args: Any, **kwargs: Any) -> Any:
            with tracer.start_as_current_span(name, attributes=attributes):
                return await execute(self, *args, **kwargs)

        wrapper: Any = traced_async
    else:

        @functools.wraps(execute)
        def traced(self: Any, *args: Any, **kwargs: Any) -> Any:
            with tracer.start_as_current_span(name, attributes=attributes):
                return execute(self, *args, **kwargs)

        wrapper = traced
    setattr(wrapper, _WRAPPED, True)
    cls.execute = wrapper  # type: ignore[attr-defined]
