"""The pipeline workflow: data in, compliant tickets out, every step a retried activity.

ingest each source → build features → the champion of each league (training one first where a league
has none) → predict → find edges → the policy limits of the house account → optimise the portfolio →
issue each ticket (the policy engine checks it inside the issuing transaction) → report.

The body is deterministic: no I/O, clock, randomness, plugin or policy call happens here (they are
activities), the time is Temporal's, and each ticket's idempotency key derives from the workflow id and
its legs, so a replay or a retried activity never issues a ticket twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.pipeline import names
    from workflows.pipeline.idempotency import ticket_idempotency_key
    from workflows.pipeline.messages import (
        Candidate,
        Champions,
        ChampionsRequest,
        Edges,
        EdgesRequest,
        FeaturesRequest,
        FeaturesSummary,
        HouseAccount,
        IngestSummary,
        IssueOutcome,
        IssueRequest,
        Limits,
        OptimiseRequest,
        PipelineInput,
        PipelineReport,
        PortfolioPlan,
        PredictionSummary,
        PredictRequest,
        ProposedTicket,
        SourceRequest,
    )
    from workflows.steps import long_step, short_step
    from workflows.training.messages import TrainingInput
    from workflows.training.workflow import TrainingWorkflow
    from workflows.tuning import Tuning

Result = TypeVar("Result")


@workflow.defn(name="PipelineWorkflow")
class PipelineWorkflow:
    def __init__(self) -> None:
        self._step = "starting"

    @workflow.query(name="step")
    def step(self) -> str:
        """The step running now (for progress displays)."""
        return self._step

    @workflow.run
    async def run(self, request: PipelineInput) -> PipelineReport:
        tuning = request.tuning
        as_of = request.as_of or workflow.now()
        ingested = [await self._ingest(source, tuning) for source in request.sources]
        features = await self._call(names.BUILD_FEATURES, FeaturesRequest(as_of), FeaturesSummary, tuning)
        champions, trained = await self._champions(request, as_of)
        predictions = await self._call(
            names.PREDICT, PredictRequest(as_of, champions.models), PredictionSummary, tuning
        )
        edges = await self._call(names.FIND_EDGES, EdgesRequest(as_of, champions.models), Edges, tuning)
        candidates = edges.candidates
        limits = await self._short(names.POLICY_LIMITS, request.account, Limits, tuning)
        plan = await self._plan(request.account, candidates, limits, tuning)
        outcomes = [await self._issue(request.account, ticket, tuning) for ticket in plan.tickets]
        self._step = "done"
        return PipelineReport(
            workflow_id=workflow.info().workflow_id,
            as_of=as_of,
            ingested=tuple(ingested),
            features=features,
            champions=champions.models,
            trained_leagues=trained,
            predictions=predictions,
            candidates=len(candidates),
            limits=limits,
            plan=plan,
            outcomes=tuple(outcomes),
        )

    async def _ingest(self, source: SourceRequest, tuning: Tuning) -> IngestSummary:
        return await self._call(names.INGEST, source, IngestSummary, tuning)

    async def _champions(self, request: PipelineInput, as_of: datetime) -> tuple[Champions, tuple[str, ...]]:
        champions = await self._short(names.CHAMPIONS, ChampionsRequest(as_of), Champions, request.tuning)
        missing = champions.leagues_without_champion
        if not missing or not request.train_if_no_champion:
            return champions, ()
        self._step = "training"
        await workflow.execute_child_workflow(
            TrainingWorkflow.run,
            TrainingInput(as_of=as_of, leagues=missing, tuning=request.tuning),
            id=f"{workflow.info().workflow_id}-training",
        )
        champions = await self._short(names.CHAMPIONS, ChampionsRequest(as_of), Champions, request.tuning)
        return champions, missing

    async def _plan(
        self, account: HouseAccount, candidates: tuple[Candidate, ...], limits: Limits, tuning: Tuning
    ) -> PortfolioPlan:
        if not limits.allow or not candidates:
            return PortfolioPlan("nothing to optimise", True, 0.0, 0.0, ())
        return await self._call(
            names.OPTIMISE, OptimiseRequest(account, candidates, limits), PortfolioPlan, tuning
        )

    async def _issue(self, account: HouseAccount, ticket: ProposedTicket, tuning: Tuning) -> IssueOutcome:
        key = ticket_idempotency_key(workflow.info().workflow_id, ticket.legs)
        return await self._short(names.ISSUE, IssueRequest(key, account, ticket), IssueOutcome, tuning)

    async def _call(self, name: str, argument: object, result: type[Result], tuning: Tuning) -> Result:
        self._step = name
        return await long_step(name, argument, result, tuning)

    async def _short(self, name: str, argument: object, result: type[Result], tuning: Tuning) -> Result:
        self._step = name
        return await short_step(name, argument, result, tuning)
