"""`stakewise worker`: a Temporal worker that runs until it is told to stop (SIGINT or SIGTERM)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any

from adapters.temporal.connection import TemporalConnection
from adapters.temporal.observability import export_runtime_metrics, log, serve_worker_metrics
from adapters.temporal.worker import running_workers

Activities = Callable[[], Sequence[Callable[..., Any]]]


class WorkerHost:
    def __init__(
        self,
        connection: TemporalConnection,
        activities: Activities,
        season_activities: Activities | None = None,
        metrics_port: int = 0,  # STAKEWISE_WORKER_METRICS_PORT: Prometheus /metrics on 127.0.0.1 (0: none)
    ):
        self._connection, self._activities, self._metrics_port = connection, activities, metrics_port
        self._season_activities = season_activities

    async def serve(self, stop: asyncio.Event, on_ready: Callable[[str, str], None]) -> None:
        """Poll the task queue until `stop` is set, then finish the activities in flight and leave."""
        runtime_metrics = export_runtime_metrics() if self._metrics_port else None
        client = await self._connection.client()
        seasons = self._season_activities() if self._season_activities else ()
        queue = self._connection.task_queue
        async with running_workers(client, self._activities(), seasons, task_queue=queue):
            on_ready(client.service_client.config.target_host, self._connection.task_queue)
            if runtime_metrics is not None:
                self._serve_metrics(runtime_metrics)
            await stop.wait()

    def _serve_metrics(self, runtime_metrics: str) -> None:
        try:
            serve_worker_metrics(self._metrics_port, runtime_metrics)
        except OSError as error:  # e.g. a second worker on this machine: it works, unobserved
            log.warning("no worker metrics endpoint", port=self._metrics_port, error=str(error))
