"""A Temporal worker of stakewise: every workflow, and the activities the composition root built."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from temporalio.client import Client
from temporalio.worker import Worker

from adapters.temporal.observability import ActivityObservability
from workflows.backtest.names import season_queue
from workflows.backtest.workflow import BacktestWorkflow
from workflows.pipeline.workflow import PipelineWorkflow
from workflows.settlement.workflow import SettlementWorkflow
from workflows.training.workflow import TrainingWorkflow
from workflows.tuning import TASK_QUEUE

WORKFLOWS: tuple[type, ...] = (PipelineWorkflow, TrainingWorkflow, SettlementWorkflow, BacktestWorkflow)
MAX_CONCURRENT_ACTIVITIES = 8


def build_worker(
    client: Client,
    activities: Sequence[Callable[..., Any]],
    *,
    task_queue: str = TASK_QUEUE,
    executor: ThreadPoolExecutor | None = None,
) -> Worker:
    """A worker for the task queue; `executor` runs the synchronous activities (CPU-bound steps)."""
    return Worker(
        client,
        task_queue=task_queue,
        workflows=list(WORKFLOWS),
        activities=list(activities),
        activity_executor=executor,
        max_concurrent_activities=MAX_CONCURRENT_ACTIVITIES,
        interceptors=[ActivityObservability()],
    )


def build_season_worker(
    client: Client, activities: Sequence[Callable[..., Any]], *, task_queue: str = TASK_QUEUE
) -> Worker:
    """A worker of the backtest's season queue: one league-season at a time (the optimiser is not
    thread-safe), so each worker process takes the next one when it is free."""
    return Worker(
        client,
        task_queue=season_queue(task_queue),
        activities=list(activities),
        max_concurrent_activities=1,
        interceptors=[ActivityObservability()],
    )


@contextlib.asynccontextmanager
async def running_workers(
    client: Client,
    activities: Sequence[Callable[..., Any]],
    season_activities: Sequence[Callable[..., Any]],
    *,
    task_queue: str = TASK_QUEUE,
) -> AsyncIterator[None]:
    """The main worker and, when there are season activities, the season worker, for the block's life."""
    async with contextlib.AsyncExitStack() as stack:
        await stack.enter_async_context(build_worker(client, activities, task_queue=task_queue))
        if season_activities:
            await stack.enter_async_context(
                build_season_worker(client, season_activities, task_queue=task_queue)
            )
        yield
