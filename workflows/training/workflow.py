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
    from workflows.training.activities import TrainingActivities
    from workflows.training.messages import PlanRequest, PromoteRequest, TrainingInput, TrainingReport


@workflow.defn(name="TrainingWorkflow")
class TrainingWorkflow:
    @workflow.run
    async def run(self, request: TrainingInput) -> TrainingReport:
        tuning = request.tuning
        as_of = request.as_of or workflow.now()
        asked = PlanRequest(as_of=as_of, leagues=request.leagues, models=request.models)
        plan = await long_step(TrainingActivities.plan, asked, tuning)
        trained = [await long_step(TrainingActivities.train, task, tuning) for task in plan.tasks]
        promotions = [
            await long_step(
                TrainingActivities.promote,
                PromoteRequest(model=model, seasons=request.promotion_seasons),
                tuning,
            )
            for model in trained
        ]
        return TrainingReport(
            workflow_id=workflow.info().workflow_id,
            as_of=as_of,
            trained=tuple(trained),
            promotions=tuple(promotions),
        )
