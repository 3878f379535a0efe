"""`stakewise schedule create`: a Temporal schedule that starts the pipeline workflow every day."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from temporalio.client import (
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleAlreadyRunningError,
    ScheduleSpec,
    ScheduleUpdate,
    ScheduleUpdateInput,
)

from adapters.temporal.connection import TemporalConnection
from application.use_cases.ensure_house_account import EnsureHouseAccount, HouseAccountRequest
from workflows.pipeline.messages import HouseAccount, PipelineInput
from workflows.pipeline.workflow import PipelineWorkflow

DAILY = "0 6 * * *"  # 06:00 UTC: after the night's results and before the day's kickoffs


@dataclass(frozen=True)
class ScheduleRequest:
    schedule_id: str
    cron: str
    pipeline: PipelineInput  # as_of None: each run bets on what follows its own start
    house: HouseAccountRequest


@dataclass(frozen=True)
class ScheduleCreated:
    schedule_id: str
    cron: str
    address: str
    updated: bool  # the schedule existed and now has this spec and input


class PipelineSchedules:
    def __init__(self, connection: TemporalConnection, house: Callable[[], EnsureHouseAccount]) -> None:
        self._connection, self._house = connection, house

    async def create(self, request: ScheduleRequest) -> ScheduleCreated:
        client = await self._connection.client()
        house = await self._house().execute(request.house)
        pipeline = replace(request.pipeline, account=HouseAccount(house.partner_id, house.customer_id,
                                                                  house.bankroll_id))  # fmt: skip
        schedule = Schedule(
            action=ScheduleActionStartWorkflow(
                PipelineWorkflow.run, pipeline, id=request.schedule_id, task_queue=self._connection.task_queue
            ),
            spec=ScheduleSpec(cron_expressions=[request.cron]),
        )
        address = client.service_client.config.target_host
        try:
            await client.create_schedule(request.schedule_id, schedule)
        except ScheduleAlreadyRunningError:
            handle = client.get_schedule_handle(request.schedule_id)

            def updated(_: ScheduleUpdateInput) -> ScheduleUpdate:
                return ScheduleUpdate(schedule=schedule)

            await handle.update(updated)
            return ScheduleCreated(request.schedule_id, request.cron, address, updated=True)
        return ScheduleCreated(request.schedule_id, request.cron, address, updated=False)
