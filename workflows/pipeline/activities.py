"""The pipeline's activities: each calls the use case of its step and translates the messages.

Retries are safe: ingesting the same payload changes nothing, feature rows are replaced by equal rows,
predicting and quoting store nothing but the policy decision, and issuing presents the ticket's
idempotency key, so a retried or restarted activity returns the ticket issued the first time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity
from temporalio.exceptions import ApplicationError

from application.errors import Conflict, NotFound
from application.portfolio.selections import PricedSelection
from application.ports.compliance_records import ComplianceRecords
from application.use_cases.find_champions import FindChampions, FindChampionsRequest
from application.use_cases.find_edges import FindEdgesRequest, RecordEdges, SelectionEdge
from application.use_cases.ingest_source import IngestRequest, IngestSource
from application.use_cases.issue_ticket import IssueTicket, IssueTicketRequest, LegRequest, PolicyDenied
from application.use_cases.price_upcoming_fixtures import (
    PricedFixture,
    PriceUpcomingFixtures,
    PriceUpcomingRequest,
    UpcomingPrices,
)
from application.use_cases.quote_tickets import QuoteTickets, QuoteTicketsRequest
from application.use_cases.refresh_features import RefreshFeatures, RefreshFeaturesRequest
from application.use_cases.upcoming_fixtures import UpcomingWindow
from domain.access import Principal, Role
from domain.errors import DomainError, RuleViolation
from domain.odds import Odds
from workflows.heartbeat import off_the_loop
from workflows.pipeline import names
from workflows.pipeline.messages import (
    Champions,
    ChampionsRequest,
    Edge,
    Edges,
    EdgesRequest,
    FeaturesRequest,
    FeaturesSummary,
    HouseAccount,
    IngestSummary,
    IssueOutcome,
    IssueRequest,
    PortfolioPlan,
    PredictedFixture,
    Predictions,
    PredictRequest,
    QuoteOutcome,
    QuoteRequest,
    Selection,
    SourceRequest,
    TicketLeg,
    Window,
)
from workflows.pipeline.translate import denied_quote, issued, limits_of, plan_of, refused
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
    def __init__(self, use_cases: PipelineUseCases) -> None:
        self._use = use_cases

    def activities(self) -> list[Callable[..., object]]:
        return [self.ingest, self.build_features, self.champions, self.predict, self.find_edges,
                self.quote, self.issue]  # fmt: skip

    @activity.defn(name=names.INGEST)
    async def ingest(self, source: SourceRequest) -> IngestSummary:
        use_case = self._use.ingest_source()
        summary = await off_the_loop(lambda: use_case.execute(IngestRequest(source.name, source.locator)))
        return IngestSummary(summary.source, summary.locator, summary.fixtures, summary.odds_rows,
                             summary.quarantined, len(summary.rejected_payloads),
                             summary.total_fixtures)  # fmt: skip

    @activity.defn(name=names.BUILD_FEATURES)
    async def build_features(self, request: FeaturesRequest) -> FeaturesSummary:
        use_case = self._use.refresh_features()
        done = await off_the_loop(lambda: use_case.execute(RefreshFeaturesRequest(request.leagues)))
        return FeaturesSummary(done.feature_set, done.leagues, done.computed, done.stored)

    @activity.defn(name=names.CHAMPIONS)
    async def champions(self, request: ChampionsRequest) -> Champions:
        found = await self._use.find_champions().execute(
            FindChampionsRequest(_window(request.window), request.model)
        )
        models = tuple(ModelVersion(champion.name, champion.version) for champion in found.champions)
        return Champions(models, found.without_champion)

    @activity.defn(name=names.PREDICT)
    async def predict(self, request: PredictRequest) -> Predictions:
        fixtures: list[PredictedFixture] = []
        selections: list[Selection] = []
        for model in request.models:
            prices = await self._prices(request.window, model)
            fixtures += [_predicted(fixture, model) for fixture in prices.fixtures]
            selections += [selection_of(row) for row in prices.selections]
        return Predictions(tuple(fixtures), tuple(selections))

    async def _prices(self, window: Window, model: ModelVersion) -> UpcomingPrices:
        use_case = self._use.price_upcoming()
        asked = _price_request(window, model, self._use.not_bettable)
        return await off_the_loop(lambda: use_case.execute(asked))

    @activity.defn(name=names.FIND_EDGES)
    async def find_edges(self, request: EdgesRequest) -> Edges:
        found = await self._use.find_edges().execute(FindEdgesRequest(_priced(request.selections)))
        return Edges(tuple(_edge(edge) for edge in found.edges), found.outcomes)

    @activity.defn(name=names.QUOTE)
    async def quote(self, request: QuoteRequest) -> QuoteOutcome:
        account = request.account
        asked = QuoteTicketsRequest(_house(account), account.customer_id, account.bankroll_id,
                                    _priced(request.selections), request.max_legs)  # fmt: skip
        try:
            quote = await self._use.quote_tickets().execute(asked)
        except PolicyDenied as denied:
            return denied_quote(denied.decision)
        except RuleViolation as violation:  # a stop rule of the house bankroll is reached: no tickets
            return QuoteOutcome(None, PortfolioPlan("refused", False, None, 0.0, 0.0, (), str(violation)))
        return QuoteOutcome(limits_of(quote.decision), plan_of(quote.portfolio))

    @activity.defn(name=names.ISSUE)
    async def issue(self, request: IssueRequest) -> IssueOutcome:
        ticket, account = request.ticket, request.account
        legs = tuple(_leg_request(leg) for leg in ticket.legs)
        asked = IssueTicketRequest(_house(account), request.idempotency_key, account.customer_id,
                                   account.bankroll_id, ticket.stake, legs, request.as_of)  # fmt: skip
        try:
            result = await self._use.issue_ticket().execute(asked)
        except PolicyDenied as denied:
            return refused(request, denied.decision.decision_id, denied.decision.bundle_hash,
                           tuple(reason.rule for reason in denied.decision.reasons))  # fmt: skip
        except RuleViolation as violation:
            return refused(request, None, None, (violation.rule,))
        except Conflict as conflict:
            if conflict.reason == IDEMPOTENCY_KEY_IN_USE:
                raise
            raise ApplicationError(str(conflict), type="Conflict", non_retryable=True) from conflict
        except (NotFound, DomainError) as error:
            raise ApplicationError(str(error), type=type(error).__name__, non_retryable=True) from error
        stored = await self._use.decisions().decision(result.ticket.decision_id)
        return issued(request, result.ticket, stored.bundle_hash if stored else None, result.replayed)


def _house(account: HouseAccount) -> Principal:
    """The pipeline acts for the house partner, as that partner's own API key would."""
    return Principal(key_id="pipeline", role=Role.PARTNER, partner_id=account.partner_id)


def _window(window: Window) -> UpcomingWindow:
    return UpcomingWindow(window.as_of, timedelta(hours=window.horizon_hours))


def _price_request(window: Window, model: ModelVersion, not_bettable: frozenset[str]) -> PriceUpcomingRequest:
    model_name, league = model.name.split("/", 1)
    return PriceUpcomingRequest(_window(window), league, model_name, model.version, not_bettable)


def selection_of(row: PricedSelection) -> Selection:
    """The message of a priced selection, its lineage (capture time, model version) included."""
    return Selection(row.fixture, row.competition, row.market, row.selection, row.bookmaker, row.odds.decimal,
                     row.probability, row.line, row.correlation_group, row.captured_at, row.model,
                     row.model_version)  # fmt: skip


def _priced(selections: tuple[Selection, ...]) -> tuple[PricedSelection, ...]:
    return tuple(priced_selection(selection) for selection in selections)


def priced_selection(s: Selection) -> PricedSelection:
    """The application's priced selection of a message, its lineage included."""
    return PricedSelection(s.fixture_id, s.competition, s.market, s.selection, s.bookmaker,
                           Odds.from_decimal(s.odds), s.probability, s.line, s.correlation_group,
                           s.captured_at, s.model, s.model_version)  # fmt: skip


def _predicted(fixture: PricedFixture, model: ModelVersion) -> PredictedFixture:
    home, draw, away = fixture.probabilities
    return PredictedFixture(fixture.fixture_id, fixture.league, fixture.kickoff, fixture.home_team,
                            fixture.away_team, home, draw, away, model, fixture.markets,
                            fixture.note)  # fmt: skip


def _edge(found: SelectionEdge) -> Edge:
    key, best = found.key, found.best
    return Edge(key.fixture, key.market, key.selection, best.bookmaker, best.odds.decimal, found.probability,
                found.expected_value, found.edge, key.line)  # fmt: skip


def _leg_request(leg: TicketLeg) -> LegRequest:
    return LegRequest(leg.fixture_id, leg.competition, leg.market, leg.selection, leg.bookmaker, leg.odds,
                      leg.line, leg.correlation_group)  # fmt: skip
