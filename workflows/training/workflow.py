"""The training workflow: train challengers, score them walk-forward, promote per the champion rule.

plan (which model for which league) → train each challenger → evaluate each on the promotion metric →
apply the champion/challenger rule to each (the rule and the registry live in the use cases).
The body is deterministic: the registry, the plugins and the clock are reached through activities only.
"""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.steps import long_step
    from workflows.training import names
    from workflows.training.messages import (
        Evaluation,
        ModelVersion,
        PlanRequest,
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
        evaluations = [await long_step(names.EVALUATE, model, Evaluation, tuning) for model in trained]
        promotions = [await long_step(names.PROMOTE, score, Promotion, tuning) for score in evaluations]
        return TrainingReport(
            workflow_id=workflow.info().workflow_id,
            as_of=as_of,
            trained=tuple(trained),
            evaluations=tuple(evaluations),
            promotions=tuple(promotions),
        )
