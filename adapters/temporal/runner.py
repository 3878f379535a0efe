"""`stakewise run`: one pipeline workflow, started and awaited, with a worker in this process.

The house account is made sure of after Temporal answers, so an unreachable Temporal leaves everything
untouched. A workflow id that was already used returns that run's report instead of starting another:
the same id never issues its tickets twice.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from temporalio.client import Client, WorkflowHandle
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError

from adapters.temporal.connection import TemporalConnection
from adapters.temporal.worker import build_worker
from application.use_cases.ensure_house_account import EnsureHouseAccount, HouseAccountRequest
from workflows.pipeline.messages import HouseAccount, PipelineInput, PipelineReport
from workflows.pipeline.workflow import PipelineWorkflow

PROGRESS_POLL_SECONDS = 0.5
Activities = Callable[[], Sequence[Callable[..., Any]]]


@dataclass(frozen=True)
class PipelineRun:
    workflow_id: str
    pipeline: PipelineInput  # its account is replaced by the house account made sure of
    house: HouseAccountRequest = field(default_factory=HouseAccountRequest)
    in_process_worker: bool = True


class PipelineRunner:
    def __init__(
        self, connection: TemporalConnection, activities: Activities, house: Callable[[], EnsureHouseAccount]
    ) -> None:
        self._connection, self._activities, self._house = connection, activities, house

    async def run(self, plan: PipelineRun, on_step: Callable[[str], None]) -> PipelineReport:
        client = await self._connection.client()
        house = await self._house().execute(plan.house)
        account = HouseAccount(house.partner_id, house.customer_id, house.bankroll_id)
        request = replace(plan.pipeline, account=account)
        async with self._worker(client, plan.in_process_worker):
            handle = await self._start(client, plan.workflow_id, request)
            return await _with_progress(handle, on_step)

    @contextlib.asynccontextmanager
    async def _worker(self, client: Client, wanted: bool) -> AsyncIterator[None]:
        if not wanted:
            yield
            return
        async with build_worker(client, self._activities(), task_queue=self._connection.task_queue):
            yield

    async def _start(
        self, client: Client, workflow_id: str, request: PipelineInput
    ) -> WorkflowHandle[Any, PipelineReport]:
        try:
            return await client.start_workflow(
                PipelineWorkflow.run,
                request,
                id=workflow_id,
                task_queue=self._connection.task_queue,
                id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
                id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
            )
        except WorkflowAlreadyStartedError:  # finished earlier: its report, never a second run
            return client.get_workflow_handle_for(PipelineWorkflow.run, workflow_id)


async def _with_progress(
    handle: WorkflowHandle[Any, PipelineReport], on_step: Callable[[str], None]
) -> PipelineReport:
    result = asyncio.ensure_future(handle.result())
    last = ""
    while not result.done():
        with contextlib.suppress(Exception):  # a query is a courtesy: no worker may answer it yet
            step = await asyncio.wait_for(handle.query(PipelineWorkflow.step), PROGRESS_POLL_SECONDS)
            if step != last:
                on_step(step)
                last = step
        await asyncio.wait({result}, timeout=PROGRESS_POLL_SECONDS)
    return result.result()


def default_workflow_id(now: datetime) -> str:
    return f"pipeline-{now:%Y%m%dT%H%M%S%f}"
