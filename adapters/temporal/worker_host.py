"""`stakewise worker`: a Temporal worker that runs until it is told to stop (SIGINT or SIGTERM)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any

from adapters.temporal.connection import TemporalConnection
from adapters.temporal.worker import build_worker


class WorkerHost:
    def __init__(
        self, connection: TemporalConnection, activities: Callable[[], Sequence[Callable[..., Any]]]
    ):
        self._connection, self._activities = connection, activities

    async def serve(self, stop: asyncio.Event, on_ready: Callable[[str, str], None]) -> None:
        """Poll the task queue until `stop` is set, then finish the activities in flight and leave."""
        client = await self._connection.client()
        async with build_worker(client, self._activities(), task_queue=self._connection.task_queue):
            on_ready(client.service_client.config.target_host, self._connection.task_queue)
            await stop.wait()
