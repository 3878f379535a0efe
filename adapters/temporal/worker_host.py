"""`stakewise worker`: a Temporal worker that runs until it is told to stop (SIGINT or SIGTERM)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any

from adapters.temporal.connection import TemporalConnection
from adapters.temporal.worker import running_workers

Activities = Callable[[], Sequence[Callable[..., Any]]]


class WorkerHost:
    def __init__(
        self,
        connection: TemporalConnection,
        activities: Activities,
        season_activities: Activities | None = None,
    ):
        self._connection, self._activities = connection, activities
        self._season_activities = season_activities

    async def serve(self, stop: asyncio.Event, on_ready: Callable[[str, str], None]) -> None:
        """Poll the task queue until `stop` is set, then finish the activities in flight and leave."""
        client = await self._connection.client()
        seasons = self._season_activities() if self._season_activities else ()
        queue = self._connection.task_queue
        async with running_workers(client, self._activities(), seasons, task_queue=queue):
            on_ready(client.service_client.config.target_host, self._connection.task_queue)
            await stop.wait()
