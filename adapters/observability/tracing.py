"""OpenTelemetry traces: one tracer provider per process, switched on by the settings.

With STAKEWISE_OTEL_FILE every finished span is appended to that file as one JSON line (the moment it
ends, so nothing is lost when the process is killed); with STAKEWISE_OTLP_ENDPOINT spans are batched to
an OTLP/HTTP collector. With neither, the API's no-op tracer is left in place and tracing costs nothing.
Incoming W3C `traceparent` headers are honoured (the SDK's default propagator).
"""

from __future__ import annotations

import json
import threading
from typing import TYPE_CHECKING

from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    SimpleSpanProcessor,
    SpanExporter,
    SpanExportResult,
)

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

_provider: TracerProvider | None = None


class JsonLinesSpanExporter(SpanExporter):
    """Appends each span as one JSON line (OpenTelemetry's own span JSON, on one line)."""

    def __init__(self, path: Path) -> None:
        self._path, self._lock = path, threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        lines = "".join(json.dumps(json.loads(span.to_json(indent=None))) + "\n" for span in spans)
        with self._lock, self._path.open("a", encoding="utf-8") as out:
            out.write(lines)
        return SpanExportResult.SUCCESS

    def shutdown(self) -> None:
        return None


def configure_tracing(service: str, otel_file: Path | None, otlp_endpoint: str | None) -> bool:
    """Install the tracer provider once per process; True when spans go somewhere."""
    global _provider
    if _provider is not None:
        return True
    if otel_file is None and otlp_endpoint is None:
        return False
    provider = TracerProvider(resource=Resource.create({"service.name": service}))
    if otel_file is not None:
        provider.add_span_processor(SimpleSpanProcessor(JsonLinesSpanExporter(otel_file)))
    if otlp_endpoint is not None:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        exporter = OTLPSpanExporter(endpoint=otlp_endpoint.rstrip("/") + "/v1/traces")
        provider.add_span_processor(BatchSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    _provider = provider
    return True


def tracing_enabled() -> bool:
    return _provider is not None


def shutdown_tracing() -> None:
    """Flush batched spans (a process that leaves with os._exit must call it first)."""
    if _provider is not None:
        _provider.force_flush()
        _provider.shutdown()


tracer = trace.get_tracer("stakewise")
