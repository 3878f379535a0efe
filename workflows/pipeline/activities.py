"""The pipeline's activities: each calls the use case of its step and translates the messages.

Retries are safe: ingesting the same payload changes nothing, feature rows are replaced by equal rows,
predicting and quoting store nothing but the policy decision, and issuing presents the ticket's
idempotency key, so a retried or restarted activity returns the ticket issued the first time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from temporalio import activity
from temporalio.exceptions import ApplicationError

from application.errors import Conflict, NotFound
from application.ports.compliance_records import ComplianceRecords
from application.use_cases.find_champions import FindChampions
from application.use_cases.find_edges import RecordEdges
from application.use_cases.ingest_source import IngestSource
from application.use_cases.issue_ticket import IssueTicket, PolicyDenied
from application.use_cases.price_upcoming_fixtures import PriceUpcomingFixtures, UpcomingPrices
from application.use_cases.quote_tickets import QuoteTickets
from application.use_cases.refresh_features import RefreshFeatures
from domain.errors import DomainError, RuleViolation
from workflows.heartbeat import off_the_loop
from workflows.pipeline import names, translate
from workflows.pipeline.messages import (
    Champions,
    ChampionsRequest,
    Edges,
    EdgesRequest,
    FeaturesRequest,
    FeaturesSummary,
    IngestSummary,
    IssueOutcome,
    IssueRequest,
    PredictedFixture,
    Predictions,
    PredictRequest,
    QuoteOutcome,
    QuoteRequest,
    Selection,
    SourceRequest,
    Window,
)
from workflows.training.messages import ModelVersion

IDEMPOTENCY_KEY_IN_USE = "idempotency-key-in-use"  # a concurrent attempt holds the key: retry later


@dataclass(frozen=True)
class PipelineUseCases:
    """Factories of the use cases the pipeline runs (the composition root builds them)."""

    ingest_source: Callable[[], IngestSource]
    refresh_features: Callable[[], RefreshFeatures]
    find_champions: Callable[[], FindChampions]
    price_upcoming: Callable[[], PriceUpcomingFixtures]
    find_edges: Callable[[], RecordEdges]
    quote_tickets: Callable[[], QuoteTickets]
    issue_ticket: Callable[[], IssueTicket]
    decisions: Callable[[], ComplianceRecords]
    not_bettable: frozenset[str] = frozenset()


class PipelineActivities:
    """The pipeline's activities; the workflow calls them as methods (`PipelineActivities.ingest`). Their
    parameter and result types are resolved at run time by the data converter: keep their imports at
    module level."""

    def __init__(self, use_cases: PipelineUseCases) -> None:
        self._use = use_cases

    def activities(self) -> list[Callable[..., object]]:
        return [
            self.ingest,
            self.build_features,
            self.champions,
            self.predict,
            self.find_edges,
            self.quote,
            self.issue,
        ]

    @activity.defn(name=names.INGEST)
    async def ingest(self, source: SourceRequest) -> IngestSummary:
        use_case, asked = self._use.ingest_source(), translate.ingest_request(source)
        return translate.ingest_summary(await off_the_loop(lambda: use_case.execute(asked)))

    @activity.defn(name=names.BUILD_FEATURES)
    async def build_features(self, request: FeaturesRequest) -> FeaturesSummary:
        use_case, asked = self._use.refresh_features(), translate.features_request(request)
        return translate.features_summary(await off_the_loop(lambda: use_case.execute(asked)))

    @activity.defn(name=names.CHAMPIONS)
    async def champions(self, request: ChampionsRequest) -> Champions:
        found = await self._use.find_champions().execute(translate.champions_request(request))
        return translate.champions(found)

    @activity.defn(name=names.PREDICT)
    async def predict(self, request: PredictRequest) -> Predictions:
        fixtures: list[PredictedFixture] = []
        selections: list[Selection] = []
        for model in request.models:
            prices = await self._prices(request.window, model)
            fixtures += [translate.predicted_fixture(fixture, model) for fixture in prices.fixtures]
            selections += [translate.selection_of(row) for row in prices.selections]
        return Predictions(fixtures=tuple(fixtures), selections=tuple(selections))

    async def _prices(self, window: Window, model: ModelVersion) -> UpcomingPrices:
        use_case = self._use.price_upcoming()
        asked = translate.price_request(window, model, self._use.not_bettable)
        return await off_the_loop(lambda: use_case.execute(asked))

    @activity.defn(name=names.FIND_EDGES)
    async def find_edges(self, request: EdgesRequest) -> Edges:
        return translate.edges(await self._use.find_edges().execute(translate.edges_request(request)))

    @activity.defn(name=names.QUOTE)
    async def quote(self, request: QuoteRequest) -> QuoteOutcome:
        try:
            quote = await self._use.quote_tickets().execute(translate.quote_request(request))
        except PolicyDenied as denied:
            return translate.denied_quote(denied.decision)
        except RuleViolation as violation:  # a stop rule of the house bankroll is reached: no tickets
            return translate.refused_quote(str(violation))
        return translate.quote_of(quote.decision, quote.portfolio)

    @activity.defn(name=names.ISSUE)
    async def issue(self, request: IssueRequest) -> IssueOutcome:
        try:
            result = await self._use.issue_ticket().execute(translate.issue_request(request))
        except PolicyDenied as denied:
            decision = denied.decision
            rules = tuple(reason.rule for reason in decision.reasons)
            return translate.refused(request, decision.decision_id, decision.bundle_hash, rules)
        except RuleViolation as violation:
            return translate.refused(request, None, None, (violation.rule,))
        except Conflict as conflict:
            if conflict.reason == IDEMPOTENCY_KEY_IN_USE:
                raise
            raise ApplicationError(str(conflict), type="Conflict", non_retryable=True) from conflict
        except (NotFound, DomainError) as error:
            raise ApplicationError(str(error), type=type(error).__name__, non_retryable=True) from error
        stored = await self._use.decisions().decision(result.ticket.decision_id)
        bundle_hash = stored.bundle_hash if stored else None
        return translate.issued(request, result.ticket, bundle_hash, result.replayed)
