"""The training workflow: train challengers, score them walk-forward, promote per the champion rule.

plan (which model for which league) → train each challenger → apply the champion/challenger rule to each:
score challenger and champion walk-forward on the same matches, promote only a clear winner (the rule,
its scoring and the registry live in the use cases).
The body is deterministic: the registry, the plugins and the clock are reached through activities only.
"""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.steps import long_step
    from workflows.training import names
    from workflows.training.messages import (
        ModelVersion,
        PlanRequest,
        PromoteRequest,
        Promotion,
        TrainingInput,
        TrainingPlan,
        TrainingReport,
    )


@workflow.defn(name="TrainingWorkflow")
class TrainingWorkflow:
    @workflow.run
    async def run(self, request: TrainingInput) -> TrainingReport:
        tuning = request.tuning
        as_of = request.as_of or workflow.now()
        plan = await long_step(
            names.PLAN, PlanRequest(as_of, request.leagues, request.models), TrainingPlan, tuning
        )
        trained = [await long_step(names.TRAIN, task, ModelVersion, tuning) for task in plan.tasks]
        promotions = [
            await long_step(
                names.PROMOTE, PromoteRequest(model, request.promotion_seasons), Promotion, tuning
            )
            for model in trained
        ]
        return TrainingReport(
            workflow_id=workflow.info().workflow_id,
            as_of=as_of,
            trained=tuple(trained),
            promotions=tuple(promotions),
        )
