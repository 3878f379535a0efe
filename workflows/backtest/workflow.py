"""The backtest workflow: list the league-seasons, run each as an activity, all at once.

The season activities go to their own task queue (names.season_queue), where each worker runs one at a
time: the league-seasons spread over however many `stakewise worker` processes poll it. The figures are
computed by the caller from the season runs (they need every bet, too many for one workflow message).
The body is deterministic: no I/O, clock or randomness here.
"""

from __future__ import annotations

import asyncio

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.backtest import names
    from workflows.backtest.activities import BacktestActivities
    from workflows.backtest.messages import BacktestInput, BacktestOutcome, SeasonTask
    from workflows.steps import long_step


@workflow.defn(name="BacktestWorkflow")
class BacktestWorkflow:
    @workflow.run
    async def run(self, request: BacktestInput) -> BacktestOutcome:
        tuning = request.tuning
        plan = await long_step(BacktestActivities.seasons, request.plan, tuning)
        queue = names.season_queue(workflow.info().task_queue)
        seasons = await asyncio.gather(
            *(
                workflow.execute_activity_method(
                    BacktestActivities.season,
                    SeasonTask(plan=request.plan, unit=unit),
                    task_queue=queue,
                    **tuning.long_step(),
                )
                for unit in plan.units
            )
        )
        return BacktestOutcome(seasons=tuple(seasons))
