"""What a worker tells its operator: a JSON log line per activity (with `workflow_id` and `activity`),
business counters from the activities' results, and a Prometheus endpoint that serves them together with
temporalio's own runtime metrics.

The counters are read off the messages the activities return (ingest summaries, edges, issue outcomes,
promotions, settlement outcomes), so the activities and use cases stay as they are. A result replayed from
an earlier attempt (`replayed`, `already_settled`) is not counted twice.
"""

from __future__ import annotations

import socket
import time
import urllib.request
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import structlog
from prometheus_client import REGISTRY, Counter, Gauge, Histogram, start_http_server
from prometheus_client.metrics_core import Metric
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.registry import Collector
from temporalio import activity
from temporalio.runtime import PrometheusConfig, Runtime, TelemetryConfig
from temporalio.worker import (
    ActivityInboundInterceptor,
    ExecuteActivityInput,
    Interceptor,
)

from workflows.pipeline.messages import Edges, IngestSummary, IssueOutcome
from workflows.settlement.messages import SettlementOutcome
from workflows.training.messages import Promotion

log = structlog.stdlib.get_logger("stakewise.worker")

ROWS_INGESTED = Counter("stakewise_rows_ingested", "Rows ingested per source", ["source", "kind"])
ROWS_QUARANTINED = Counter("stakewise_rows_quarantined", "Rows quarantined per source", ["source"])
MODEL_SCORE = Gauge(
    "stakewise_model_score", "Model scores at training (walk-forward)", ["model", "metric", "role"]
)
EDGES_FOUND = Counter("stakewise_edges_found", "Edges found by the edge engine")
TICKETS_ISSUED = Counter("stakewise_pipeline_tickets_issued", "Tickets the pipeline issued")
TICKETS_REFUSED = Counter("stakewise_pipeline_tickets_refused", "Tickets refused, by rule", ["rule"])
SETTLEMENT_PAYOUT = Counter("stakewise_settlement_payout", "Payouts of settled tickets", ["status"])
SETTLEMENTS = Counter("stakewise_settlements", "Tickets settled or voided", ["status"])
CLOSING_LINE_VALUE = Histogram(
    "stakewise_closing_line_value",
    "Closing line value of settled tickets",
    buckets=(-0.2, -0.1, -0.05, -0.02, 0.0, 0.02, 0.05, 0.1, 0.2),
)


def record_result(result: Any) -> None:
    """Count what one activity's result says happened."""
    if isinstance(result, IngestSummary):
        ROWS_INGESTED.labels(result.source, "fixtures").inc(result.fixtures)
        ROWS_INGESTED.labels(result.source, "odds").inc(result.odds_rows)
        ROWS_QUARANTINED.labels(result.source).inc(result.quarantined)
    elif isinstance(result, Edges):
        EDGES_FOUND.inc(len(result.edges))
    elif isinstance(result, IssueOutcome) and not result.replayed:
        if result.issued:
            TICKETS_ISSUED.inc()
        for rule in result.refusals or (() if result.issued else ("unknown",)):
            TICKETS_REFUSED.labels(rule).inc()
    elif isinstance(result, Promotion):
        for role, score in (("challenger", result.challenger_score), ("champion", result.champion_score)):
            if score is not None:
                MODEL_SCORE.labels(result.model.name, result.metric, role).set(score)
    elif isinstance(result, SettlementOutcome) and not result.already_settled:
        SETTLEMENTS.labels(result.status).inc()
        SETTLEMENT_PAYOUT.labels(result.status).inc(float(Decimal(result.payout)))
        if result.closing_line_value is not None:
            CLOSING_LINE_VALUE.observe(result.closing_line_value)


class ActivityObservability(Interceptor):
    """Worker interceptor: logs and counts every activity."""

    def intercept_activity(self, next: ActivityInboundInterceptor) -> ActivityInboundInterceptor:
        return _ActivityInbound(next)


class _ActivityInbound(ActivityInboundInterceptor):
    async def execute_activity(self, input: ExecuteActivityInput) -> Any:
        info = activity.info()
        context = {
            "workflow_id": info.workflow_id,
            "workflow_type": info.workflow_type,
            "activity": info.activity_type,
            "attempt": info.attempt,
        }
        started = time.perf_counter()
        with structlog.contextvars.bound_contextvars(**context):
            log.debug("activity started")
            try:
                result = await super().execute_activity(input)
            except BaseException as error:
                log.warning(
                    "activity failed",
                    error=f"{type(error).__name__}: {error}",
                    duration_ms=round((time.perf_counter() - started) * 1000, 1),
                )
                raise
            log.info("activity finished", duration_ms=round((time.perf_counter() - started) * 1000, 1))
        record_result(result)
        return result


class RuntimeMetrics(Collector):
    """temporalio's runtime metrics (served by its own exporter on an internal port), re-exported."""

    def __init__(self, address: str) -> None:
        self.url = f"http://{address}/metrics"

    def collect(self) -> Iterator[Metric]:
        try:
            with urllib.request.urlopen(self.url, timeout=2) as response:  # noqa: S310  an http:// URL built in __init__
                text = response.read().decode()
        except OSError:
            return
        yield from text_string_to_metric_families(text)


def export_runtime_metrics() -> str:
    """Before this process's first Temporal client: temporalio's runtime exports its Prometheus metrics on
    a free 127.0.0.1 port; the address is returned for `serve_worker_metrics`."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        address = f"127.0.0.1:{probe.getsockname()[1]}"
    runtime = Runtime(telemetry=TelemetryConfig(metrics=PrometheusConfig(bind_address=address)))
    Runtime.set_default(runtime, error_if_already_set=False)
    return address


def serve_worker_metrics(port: int, runtime_address: str) -> None:
    """127.0.0.1:`port`/metrics: the business counters and the runtime's metrics (OSError when taken)."""
    start_http_server(port, addr="127.0.0.1")
    REGISTRY.register(RuntimeMetrics(runtime_address))
