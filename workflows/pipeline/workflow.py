"""The pipeline workflow: data in, compliant tickets out, every step a retried activity.

ingest each source → settle the tickets the new results decide (child workflow) → build features → the
champion of each league with fixtures to bet on (training one first where a league has none) → predict →
(with `strategy_from_backtests`) each league's strategy by backtest CLV, which reshapes or empties its
selections → find edges → quote: the policy decision on the house account and its limits, then the
optimised portfolio within them → issue each ticket (the policy engine checks it again inside the
issuing transaction) → place each issued ticket with its bookmaker (an activity keyed by the ticket id) →
report.

The body is deterministic: no I/O, clock, randomness, plugin or policy call happens here (they are
activities), the time is Temporal's, and each ticket's idempotency key derives from the workflow id and
its legs, so a replay or a retried activity never issues a ticket twice.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from workflows.pipeline.activities import PipelineActivities
    from workflows.pipeline.idempotency import ticket_idempotency_key
    from workflows.pipeline.messages import (
        Champions,
        ChampionsRequest,
        Edges,
        EdgesRequest,
        FeaturesRequest,
        HouseAccount,
        IssueOutcome,
        IssueRequest,
        PipelineInput,
        PipelineReport,
        PortfolioPlan,
        Predictions,
        PredictRequest,
        ProposedTicket,
        QuoteOutcome,
        QuoteRequest,
        StrategyRequest,
        Window,
    )
    from workflows.pipeline.strategy import StrategyActivities
    from workflows.placement.messages import PlaceOutcome
    from workflows.placement.steps import check_alerts, place_tickets
    from workflows.settlement.messages import SettlementInput, SettlementReport
    from workflows.settlement.workflow import SettlementWorkflow
    from workflows.steps import activity_name, long_step, short_step
    from workflows.training.messages import TrainingInput
    from workflows.training.workflow import TrainingWorkflow
    from workflows.tuning import Tuning

Param = TypeVar("Param")
Result = TypeVar("Result")
PLACEMENT_PATCH = "place-issued-tickets"
NO_EDGE = "no selection has a positive expected value at its best price"
NOTHING_TO_QUOTE = QuoteOutcome(
    limits=None,
    plan=PortfolioPlan(
        status="not_solved",
        optimal=False,
        gap=None,
        expected_log_growth=0.0,
        baseline_log_growth=0.0,
        tickets=(),
        reason=NO_EDGE,
    ),
)


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
        window = Window(as_of=request.as_of or workflow.now(), horizon_hours=request.horizon_hours)
        ingested = [await self._long(PipelineActivities.ingest, source, tuning) for source in request.sources]
        settlement = await self._settle(request, window)
        features = await self._long(PipelineActivities.build_features, FeaturesRequest(), tuning)
        champions, trained = await self._champions(request, window)
        predictions = await self._long(
            PipelineActivities.predict, PredictRequest(window=window, models=champions.models), tuning
        )
        strategy = None
        if request.strategy_from_backtests:  # the strategy with the best backtest CLV of each league
            asked = StrategyRequest(selections=predictions.selections)
            strategy = await self._short(StrategyActivities.strategy, asked, tuning)
            predictions = dataclasses.replace(predictions, selections=strategy.selections)
        asked_edges = EdgesRequest(selections=predictions.selections)
        edges = await self._long(PipelineActivities.find_edges, asked_edges, tuning)
        quote = await self._quote(request, predictions, edges)
        outcomes = [
            await self._issue(request.account, ticket, window, tuning) for ticket in quote.plan.tickets
        ]
        placements, alerts = await self._place(outcomes, request, window)
        self._step = "done"
        return PipelineReport(
            workflow_id=workflow.info().workflow_id,
            as_of=window.as_of,
            ingested=tuple(ingested),
            settlement=settlement,
            features=features,
            champions=champions.models,
            trained_leagues=trained,
            fixtures=predictions.fixtures,
            selections=len(predictions.selections),
            edges=edges,
            quote=quote,
            outcomes=tuple(outcomes),
            strategy=strategy,
            placements=placements,
            alerts=alerts,
        )

    async def _place(
        self, outcomes: list[IssueOutcome], request: PipelineInput, window: Window
    ) -> tuple[tuple[PlaceOutcome, ...], tuple[str, ...]]:
        """Each issued ticket is placed with its bookmaker, then the alerts are checked
        (workflows/placement); histories recorded before this step existed replay without it."""
        if not workflow.patched(PLACEMENT_PATCH):
            return (), ()
        self._step = "placement"
        issued = [outcome.ticket_id for outcome in outcomes if outcome.issued and outcome.ticket_id]
        placed = await place_tickets(issued, request.as_of, request.tuning)
        return placed, (await check_alerts(window.as_of, request.tuning)).messages

    async def _settle(self, request: PipelineInput, window: Window) -> SettlementReport:
        """The tickets the new results decide are settled before new ones are proposed."""
        self._step = "settlement"
        return await workflow.execute_child_workflow(
            SettlementWorkflow.run,
            SettlementInput(as_of=window.as_of, tuning=request.tuning),
            id=f"{workflow.info().workflow_id}-settlement",
        )

    async def _champions(self, request: PipelineInput, window: Window) -> tuple[Champions, tuple[str, ...]]:
        asked = ChampionsRequest(window=window, model=request.model)
        champions = await self._short(PipelineActivities.champions, asked, request.tuning)
        missing = champions.leagues_without_champion
        if not missing or not request.train_if_no_champion:
            return champions, ()
        self._step = "training"
        training = TrainingInput(
            as_of=window.as_of,
            leagues=missing,
            models=(request.model,),
            tuning=request.tuning,
            promotion_seasons=request.promotion_seasons,
        )
        await workflow.execute_child_workflow(
            TrainingWorkflow.run, training, id=f"{workflow.info().workflow_id}-training"
        )
        champions = await self._short(PipelineActivities.champions, asked, request.tuning)
        return champions, missing

    async def _quote(self, request: PipelineInput, predictions: Predictions, edges: Edges) -> QuoteOutcome:
        if not edges.edges:
            return NOTHING_TO_QUOTE
        asked = QuoteRequest(
            account=request.account, selections=predictions.selections, max_legs=request.max_legs
        )
        return await self._long(PipelineActivities.quote, asked, request.tuning)

    async def _issue(
        self, account: HouseAccount, ticket: ProposedTicket, window: Window, tuning: Tuning
    ) -> IssueOutcome:
        key = ticket_idempotency_key(workflow.info().workflow_id, ticket.legs)
        asked = IssueRequest(idempotency_key=key, account=account, ticket=ticket, as_of=window.as_of)
        return await self._short(PipelineActivities.issue, asked, tuning)

    async def _long(
        self, method: Callable[[Any, Param], Awaitable[Result]], argument: Param, tuning: Tuning
    ) -> Result:
        self._step = activity_name(method)
        return await long_step(method, argument, tuning)

    async def _short(
        self, method: Callable[[Any, Param], Awaitable[Result]], argument: Param, tuning: Tuning
    ) -> Result:
        self._step = activity_name(method)
        return await short_step(method, argument, tuning)
