"""Scripted activities: the pipeline's and training's activity names, answered from a small fixed league.

They stand in for the use cases where a test is about the workflow itself (ordering, retries, replay),
not about the use cases (which have tests of their own). `issue` keeps a ledger keyed by idempotency
key, so a test sees whether a retry would have issued a ticket twice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from temporalio import activity

from workflows.pipeline import names
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
    PortfolioPlan,
    PredictionSummary,
    PredictRequest,
    ProposedTicket,
    SourceRequest,
    TicketLeg,
)
from workflows.settlement import names as settlement_names
from workflows.settlement.messages import (
    ClosingLineRequest,
    ClosingLineSummary,
    PendingRequest,
    PendingTickets,
    SettlementOutcome,
    SettleRequest,
)
from workflows.training import names as training_names
from workflows.training.messages import (
    Evaluation,
    ModelVersion,
    PlanRequest,
    Promotion,
    TrainingPlan,
    TrainingTask,
)

LEAGUE = "SYN"
FIXTURES = ("fx-1", "fx-2", "fx-3")


def _candidate(fixture: str, selection: str, odds: str) -> Candidate:
    return Candidate(fixture, LEAGUE, "1x2", selection, "book-a", Decimal(odds), 0.5, 0.05)


@dataclass
class ScriptedLeague:
    """State behind the scripted activities; `failures` makes an activity fail its first N attempts."""

    failures: dict[str, int] = field(default_factory=dict)
    attempts: dict[str, int] = field(default_factory=dict)
    champion: ModelVersion | None = None
    policy_allows: bool = True
    ledger: dict[str, IssueOutcome] = field(default_factory=dict)
    issue_calls: int = 0

    def activities(self) -> list[Callable[..., Any]]:
        return [
            self.ingest, self.build_features, self.champions, self.predict, self.find_edges,
            self.policy_limits, self.optimise, self.issue,
            self.plan, self.train, self.evaluate, self.promote,
        ]  # fmt: skip

    def _attempt(self, name: str) -> None:
        self.attempts[name] = self.attempts.get(name, 0) + 1
        if activity.info().attempt <= self.failures.get(name, 0):
            raise RuntimeError(f"{name}: scripted failure on attempt {activity.info().attempt}")

    @activity.defn(name=names.INGEST)
    async def ingest(self, source: SourceRequest) -> IngestSummary:
        self._attempt(names.INGEST)
        return IngestSummary(source.name, len(FIXTURES), 9 * len(FIXTURES), 1, len(FIXTURES))

    @activity.defn(name=names.BUILD_FEATURES)
    async def build_features(self, request: FeaturesRequest) -> FeaturesSummary:
        self._attempt(names.BUILD_FEATURES)
        return FeaturesSummary("core", len(FIXTURES))

    @activity.defn(name=names.CHAMPIONS)
    async def champions(self, request: ChampionsRequest) -> Champions:
        self._attempt(names.CHAMPIONS)
        if self.champion is None:
            return Champions((), (LEAGUE,))
        return Champions((self.champion,), ())

    @activity.defn(name=names.PREDICT)
    async def predict(self, request: PredictRequest) -> PredictionSummary:
        self._attempt(names.PREDICT)
        return PredictionSummary(len(FIXTURES), 3 * len(FIXTURES) * len(request.models))

    @activity.defn(name=names.FIND_EDGES)
    async def find_edges(self, request: EdgesRequest) -> Edges:
        self._attempt(names.FIND_EDGES)
        return Edges(tuple(_candidate(fixture, "home", "2.30") for fixture in FIXTURES))

    @activity.defn(name=names.POLICY_LIMITS)
    async def policy_limits(self, account: HouseAccount) -> Limits:
        self._attempt(names.POLICY_LIMITS)
        reasons = () if self.policy_allows else ("self_exclusion",)
        return Limits("decision-limits", "b" * 64, self.policy_allows, Decimal("50.00"), reasons=reasons)

    @activity.defn(name=names.OPTIMISE)
    async def optimise(self, request: OptimiseRequest) -> PortfolioPlan:
        self._attempt(names.OPTIMISE)
        tickets = tuple(
            ProposedTicket((_leg(candidate),), Decimal("10.00")) for candidate in request.candidates
        )
        return PortfolioPlan("optimal", True, 0.0, 0.012, tickets)

    @activity.defn(name=names.ISSUE)
    async def issue(self, request: IssueRequest) -> IssueOutcome:
        self._attempt(names.ISSUE)
        self.issue_calls += 1
        earlier = self.ledger.get(request.idempotency_key)
        if earlier is not None:
            return IssueOutcome(**{**earlier.__dict__, "replayed": True})
        ticket = request.ticket
        odds = Decimal(1)
        for leg in ticket.legs:
            odds *= leg.odds
        ticket_id = hashlib.sha256(request.idempotency_key.encode()).hexdigest()[:16]
        outcome = IssueOutcome(request.idempotency_key, True, ticket_id, f"decision-{ticket_id}", "b" * 64,
                               ticket.stake, odds, ticket.legs)  # fmt: skip
        self.ledger[request.idempotency_key] = outcome
        return outcome

    @activity.defn(name=training_names.PLAN)
    async def plan(self, request: PlanRequest) -> TrainingPlan:
        self._attempt(training_names.PLAN)
        return TrainingPlan(
            tuple(TrainingTask("dixon-coles", league, request.as_of) for league in request.leagues)
        )

    @activity.defn(name=training_names.TRAIN)
    async def train(self, task: TrainingTask) -> ModelVersion:
        self._attempt(training_names.TRAIN)
        activity.heartbeat("fitting")
        return ModelVersion(f"{task.model}/{task.league}", 1)

    @activity.defn(name=training_names.EVALUATE)
    async def evaluate(self, model: ModelVersion) -> Evaluation:
        self._attempt(training_names.EVALUATE)
        return Evaluation(model, "rps", 0.2010, 380)

    @activity.defn(name=training_names.PROMOTE)
    async def promote(self, evaluation: Evaluation) -> Promotion:
        self._attempt(training_names.PROMOTE)
        self.champion = evaluation.model
        return Promotion(evaluation.model, True, "no champion yet", evaluation.model)


@dataclass
class ScriptedSettlement:
    """Tickets waiting for results; `settle` keeps the settled ones, so a retry never pays out twice."""

    pending: tuple[str, ...] = ("ticket-1", "ticket-2")
    settled: dict[str, SettlementOutcome] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)

    def activities(self) -> list[Callable[..., Any]]:
        return [self.pending_tickets, self.settle, self.closing_line]

    @activity.defn(name=settlement_names.PENDING)
    async def pending_tickets(self, request: PendingRequest) -> PendingTickets:
        return PendingTickets(tuple(t for t in self.pending if t not in self.settled))

    @activity.defn(name=settlement_names.SETTLE)
    async def settle(self, request: SettleRequest) -> SettlementOutcome:
        if activity.info().attempt <= self.failures.get(settlement_names.SETTLE, 0):
            raise RuntimeError("scripted failure")
        earlier = self.settled.get(request.ticket_id)
        if earlier is not None:
            return SettlementOutcome(earlier.ticket_id, earlier.status, earlier.payout, already_settled=True)
        outcome = SettlementOutcome(request.ticket_id, "won", Decimal("23.00"), already_settled=False)
        self.settled[request.ticket_id] = outcome
        return outcome

    @activity.defn(name=settlement_names.CLOSING_LINE)
    async def closing_line(self, request: ClosingLineRequest) -> ClosingLineSummary:
        return ClosingLineSummary(len(request.ticket_ids), 0.021 if request.ticket_ids else None)


def _leg(candidate: Candidate) -> TicketLeg:
    return TicketLeg(candidate.fixture_id, candidate.competition, candidate.market, candidate.selection,
                     candidate.bookmaker, candidate.odds, candidate.line)  # fmt: skip
