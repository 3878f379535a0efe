"""A Temporal worker of stakewise: every workflow, and the activities the composition root built."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from temporalio.client import Client
from temporalio.worker import Worker

from adapters.temporal.observability import ActivityObservability
from workflows.pipeline.workflow import PipelineWorkflow
from workflows.settlement.workflow import SettlementWorkflow
from workflows.training.workflow import TrainingWorkflow
from workflows.tuning import TASK_QUEUE

WORKFLOWS: tuple[type, ...] = (PipelineWorkflow, TrainingWorkflow, SettlementWorkflow)
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
