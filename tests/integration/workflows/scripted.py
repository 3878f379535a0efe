"""Scripted activities: the pipeline's and training's activity names, answered from a small fixed league.

They stand in for the use cases where a test is about the workflow itself (ordering, retries, replay),
not about the use cases (which have tests of their own). `issue` keeps a ledger keyed by idempotency
key, so a test sees whether a retry would have issued a ticket twice.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from temporalio import activity

from workflows.pipeline import names
from workflows.pipeline.messages import (
    Champions,
    ChampionsRequest,
    Edge,
    Edges,
    EdgesRequest,
    FeaturesRequest,
    FeaturesSummary,
    IngestSummary,
    IssueOutcome,
    IssueRequest,
    Limits,
    PortfolioPlan,
    PredictedFixture,
    Predictions,
    PredictRequest,
    ProposedTicket,
    QuoteOutcome,
    QuoteRequest,
    Selection,
    SourceRequest,
    TicketLeg,
)
from workflows.placement import names as placement_names
from workflows.placement.messages import (
    AlertsRaised,
    AlertsRequest,
    PlaceOutcome,
    PlaceRequest,
    Unplaced,
    UnplacedRequest,
)
from workflows.settlement import names as settlement_names
from workflows.settlement.messages import (
    PendingRequest,
    PendingTickets,
    SettlementOutcome,
    SettleRequest,
)
from workflows.training import names as training_names
from workflows.training.messages import (
    ModelVersion,
    PlanRequest,
    PromoteRequest,
    Promotion,
    TrainingPlan,
    TrainingTask,
)

if TYPE_CHECKING:
    from collections.abc import Callable

LEAGUE = "SYN"
FIXTURES = ("fx-1", "fx-2", "fx-3")


def _selection(fixture: str) -> Selection:
    return Selection(fixture, LEAGUE, "1x2", "home", "book-a", Decimal("2.30"), 0.5)


@dataclass
class ScriptedLeague:
    """State behind the scripted activities; `failures` makes an activity fail its first N attempts."""

    failures: dict[str, int] = field(default_factory=dict)
    attempts: dict[str, int] = field(default_factory=dict)
    champion: ModelVersion | None = None
    policy_allows: bool = True
    ledger: dict[str, IssueOutcome] = field(default_factory=dict)
    issue_calls: int = 0
    settlement: ScriptedSettlement = field(default_factory=lambda: ScriptedSettlement(pending=()))
    placement: ScriptedPlacement = field(default_factory=lambda: ScriptedPlacement())

    def activities(self) -> list[Callable[..., Any]]:
        return [
            self.ingest, self.build_features, self.champions, self.predict, self.find_edges, self.quote,
            self.issue, self.plan, self.train, self.promote, *self.settlement.activities(),
            *self.placement.activities(),
        ]  # fmt: skip

    def _attempt(self, name: str) -> None:
        self.attempts[name] = self.attempts.get(name, 0) + 1
        if activity.info().attempt <= self.failures.get(name, 0):
            raise RuntimeError(f"{name}: scripted failure on attempt {activity.info().attempt}")

    @activity.defn(name=names.INGEST)
    async def ingest(self, source: SourceRequest) -> IngestSummary:
        self._attempt(names.INGEST)
        return IngestSummary(
            source.name, source.locator, len(FIXTURES), 21 * len(FIXTURES), 1, 0, len(FIXTURES)
        )

    @activity.defn(name=names.BUILD_FEATURES)
    async def build_features(self, request: FeaturesRequest) -> FeaturesSummary:
        self._attempt(names.BUILD_FEATURES)
        return FeaturesSummary("core-v1", (LEAGUE,), len(FIXTURES), len(FIXTURES))

    @activity.defn(name=names.CHAMPIONS)
    async def champions(self, request: ChampionsRequest) -> Champions:
        self._attempt(names.CHAMPIONS)
        if self.champion is None:
            return Champions((), (LEAGUE,))
        return Champions((self.champion,), ())

    @activity.defn(name=names.PREDICT)
    async def predict(self, request: PredictRequest) -> Predictions:
        self._attempt(names.PREDICT)
        fixtures = tuple(
            PredictedFixture(fixture, LEAGUE, request.window.as_of, "A", "B", 0.5, 0.3, 0.2, model)
            for fixture in FIXTURES
            for model in request.models
        )
        return Predictions(fixtures, tuple(_selection(fixture) for fixture in FIXTURES))

    @activity.defn(name=names.FIND_EDGES)
    async def find_edges(self, request: EdgesRequest) -> Edges:
        self._attempt(names.FIND_EDGES)
        edges = tuple(
            Edge(s.fixture_id, s.market, s.selection, s.bookmaker, s.odds, s.probability, 0.15, 0.1)
            for s in request.selections
        )
        return Edges(edges, len(request.selections))

    @activity.defn(name=names.QUOTE)
    async def quote(self, request: QuoteRequest) -> QuoteOutcome:
        self._attempt(names.QUOTE)
        reasons = () if self.policy_allows else ("self_exclusion",)
        limits = Limits("decision-limits", "b" * 64, self.policy_allows, Decimal("50.00"), reasons=reasons)
        if not self.policy_allows:
            return QuoteOutcome(limits, PortfolioPlan("denied", False, None, 0.0, 0.0, (), "denied"))
        tickets = tuple(ProposedTicket((_leg(s),), Decimal("10.00")) for s in request.selections)
        return QuoteOutcome(limits, PortfolioPlan("optimal", True, 0.0, 0.012, 0.01, tickets))

    @activity.defn(name=names.ISSUE)
    async def issue(self, request: IssueRequest) -> IssueOutcome:
        self._attempt(names.ISSUE)
        self.issue_calls += 1
        earlier = self.ledger.get(request.idempotency_key)
        if earlier is not None:
            return dataclasses.replace(earlier, replayed=True)
        ticket = request.ticket
        odds = math.prod((leg.odds for leg in ticket.legs), start=Decimal(1))
        ticket_id = hashlib.sha256(request.idempotency_key.encode()).hexdigest()[:16]
        outcome = IssueOutcome(request.idempotency_key, True, ticket_id, f"decision-{ticket_id}", "b" * 64,
                               ticket.stake, odds, ticket.legs)  # fmt: skip
        self.ledger[request.idempotency_key] = outcome
        return outcome

    @activity.defn(name=training_names.PLAN)
    async def plan(self, request: PlanRequest) -> TrainingPlan:
        self._attempt(training_names.PLAN)
        tasks = tuple(TrainingTask(model, league, request.as_of) for league in request.leagues
                      for model in request.models)  # fmt: skip
        return TrainingPlan(tasks)

    @activity.defn(name=training_names.TRAIN)
    async def train(self, task: TrainingTask) -> ModelVersion:
        self._attempt(training_names.TRAIN)
        activity.heartbeat("fitting")
        return ModelVersion(f"{task.model}/{task.league}", 1)

    @activity.defn(name=training_names.PROMOTE)
    async def promote(self, request: PromoteRequest) -> Promotion:
        self._attempt(training_names.PROMOTE)
        self.champion = request.model
        return Promotion(request.model, True, "no champion yet", request.model, "rps", 0.201, None, 380)


@dataclass
class ScriptedSettlement:
    """Tickets waiting for results; `settle` keeps the settled ones, so a retry never pays out twice."""

    pending: tuple[str, ...] = ("ticket-1", "ticket-2")
    settled: dict[str, SettlementOutcome] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)

    def activities(self) -> list[Callable[..., Any]]:
        return [self.pending_tickets, self.settle]

    @activity.defn(name=settlement_names.PENDING)
    async def pending_tickets(self, request: PendingRequest) -> PendingTickets:
        return PendingTickets(tuple(t for t in self.pending if t not in self.settled))

    @activity.defn(name=settlement_names.SETTLE)
    async def settle(self, request: SettleRequest) -> SettlementOutcome:
        if activity.info().attempt <= self.failures.get(settlement_names.SETTLE, 0):
            raise RuntimeError("scripted failure")
        earlier = self.settled.get(request.ticket_id)
        if earlier is not None:
            return dataclasses.replace(earlier, already_settled=True)
        outcome = SettlementOutcome(request.ticket_id, "settled", Decimal("23.00"), False, 0.02)
        self.settled[request.ticket_id] = outcome
        return outcome


@dataclass
class ScriptedPlacement:
    """A bookmaker that accepts every ticket at its odds, once per ticket id (its client reference)."""

    book: dict[str, PlaceOutcome] = field(default_factory=dict)
    calls: int = 0
    left_unplaced: tuple[str, ...] = ()  # issued by an earlier run, not placed

    def activities(self) -> list[Callable[..., Any]]:
        return [self.place, self.unplaced, self.check_alerts]

    @activity.defn(name=placement_names.UNPLACED)
    async def unplaced(self, request: UnplacedRequest) -> Unplaced:
        return Unplaced(self.left_unplaced)

    @activity.defn(name=placement_names.CHECK_ALERTS)
    async def check_alerts(self, request: AlertsRequest) -> AlertsRaised:
        return AlertsRaised(("scripted alert",))

    @activity.defn(name=placement_names.PLACE)
    async def place(self, request: PlaceRequest) -> PlaceOutcome:
        self.calls += 1
        earlier = self.book.get(request.ticket_id)
        if earlier is not None:
            return dataclasses.replace(earlier, already_placed=True)
        outcome = PlaceOutcome(request.ticket_id, "placed", "book-a", "accepted", None, Decimal("2.30"),
                               Decimal("10.00"), f"bet-{request.ticket_id}")  # fmt: skip
        self.book[request.ticket_id] = outcome
        return outcome


def _leg(selection: Selection) -> TicketLeg:
    return TicketLeg(selection.fixture_id, selection.competition, selection.market, selection.selection,
                     selection.bookmaker, selection.odds, selection.line)  # fmt: skip
