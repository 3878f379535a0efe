"""A workflow as a careless edit might leave it (for the replay tests; its module stays free of I/O)."""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.pipeline.activities import PipelineActivities
    from workflows.pipeline.messages import FeaturesRequest, PipelineInput
    from workflows.steps import long_step


@workflow.defn(name="PipelineWorkflow")
class PipelineThatSkipsIngest:
    """The pipeline with its ingest step dropped: features are built first."""

    @workflow.run
    async def run(self, request: PipelineInput) -> None:
        await long_step(PipelineActivities.build_features, FeaturesRequest(), request.tuning)
