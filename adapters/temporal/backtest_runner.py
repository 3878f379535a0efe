"""Backtests on Temporal: one workflow, one activity per league-season on the workers' season queue.

By default this process also runs a worker (so the command works alone); `stakewise worker` processes
started elsewhere poll the same queues and share the league-seasons.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from temporalio.client import Client

from adapters.temporal.connection import TemporalConnection
from adapters.temporal.worker import running_workers
from application.backtest.records import SeasonRun, season_run_from_json
from application.use_cases.run_backtest import BacktestRequest
from workflows.backtest.messages import BacktestInput
from workflows.backtest.translate import backtest_plan
from workflows.backtest.workflow import BacktestWorkflow
from workflows.tuning import Tuning

Activities = Callable[[], Sequence[Callable[..., Any]]]


@dataclass(frozen=True)
class SeasonRuns:
    runs: tuple[SeasonRun, ...]
    workers: dict[str, str]  # "league season" -> the worker (host/pid) that ran it


class TemporalBacktest:
    def __init__(
        self,
        connection: TemporalConnection,
        activities: Activities,
        season_activities: Activities,
        in_process_worker: bool = True,
        tuning: Tuning | None = None,
    ) -> None:
        self._connection, self._activities, self._seasons = connection, activities, season_activities
        self._in_process_worker = in_process_worker
        self._tuning = tuning or Tuning()

    async def seasons(self, request: BacktestRequest, data: str | None) -> SeasonRuns:
        client = await self._connection.client()
        async with self._worker(client):
            outcome = await client.execute_workflow(
                BacktestWorkflow.run,
                BacktestInput(backtest_plan(request, data), self._tuning),
                id=f"backtest-{uuid.uuid4()}",
                task_queue=self._connection.task_queue,
            )
        runs = tuple(season_run_from_json(season.run) for season in outcome.seasons)
        workers = {
            f"{run.league} {run.season}": s.worker for run, s in zip(runs, outcome.seasons, strict=True)
        }
        return SeasonRuns(runs, workers)

    @contextlib.asynccontextmanager
    async def _worker(self, client: Client) -> AsyncIterator[None]:
        if not self._in_process_worker:
            yield
            return
        queue = self._connection.task_queue
        async with running_workers(client, self._activities(), self._seasons(), task_queue=queue):
            yield
