"""The pipeline's messages turned into the use cases' requests, and their answers into messages.

Every field is mapped by keyword, in this one module: a field added, renamed or reordered on either side
is a type error here, never a value silently landing in the neighbouring field. The activities
(activities.py, strategy.py) only call the use cases between two of these functions.
"""

from __future__ import annotations

from datetime import timedelta

from application.portfolio.selections import PricedSelection
from application.ports.ticket_repository import TicketRecord
from application.use_cases.find_champions import Champions as FoundChampions
from application.use_cases.find_champions import FindChampionsRequest
from application.use_cases.find_edges import FindEdgesRequest, FindEdgesResponse, SelectionEdge
from application.use_cases.ingest_source import IngestRequest
from application.use_cases.ingest_source import IngestSummary as IngestedSummary
from application.use_cases.issue_ticket import IssueTicketRequest, LegRequest
from application.use_cases.optimize_portfolio import OptimizePortfolioResponse
from application.use_cases.price_upcoming_fixtures import PricedFixture, PriceUpcomingRequest
from application.use_cases.quote_tickets import QuoteTicketsRequest
from application.use_cases.refresh_features import FeaturesRefreshed, RefreshFeaturesRequest
from application.use_cases.select_strategy import LeagueStrategy
from application.use_cases.upcoming_fixtures import UpcomingWindow
from domain.access import Principal, Role
from domain.compliance import PolicyDecision
from domain.legs import Leg
from domain.money import exact_product
from domain.odds import Odds
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
    LeagueStrategyChoice,
    Limits,
    PortfolioPlan,
    PredictedFixture,
    ProposedTicket,
    QuoteOutcome,
    QuoteRequest,
    Selection,
    SourceRequest,
    TicketLeg,
    Window,
)
from workflows.training.messages import ModelVersion

POLICY_DENIED = "the compliance policy denied the house account any ticket"
PIPELINE_KEY = "pipeline"  # the key id the pipeline acts under for the house partner


# Messages → the use cases' requests.


def house(account: HouseAccount) -> Principal:
    """The pipeline acts for the house partner, as that partner's own API key would."""
    return Principal(key_id=PIPELINE_KEY, role=Role.PARTNER, partner_id=account.partner_id)


def ingest_request(source: SourceRequest) -> IngestRequest:
    return IngestRequest(source=source.name, locator=source.locator)


def features_request(request: FeaturesRequest) -> RefreshFeaturesRequest:
    return RefreshFeaturesRequest(leagues=request.leagues)


def upcoming_window(window: Window) -> UpcomingWindow:
    return UpcomingWindow(as_of=window.as_of, horizon=timedelta(hours=window.horizon_hours))


def champions_request(request: ChampionsRequest) -> FindChampionsRequest:
    return FindChampionsRequest(window=upcoming_window(request.window), model=request.model)


def price_request(window: Window, model: ModelVersion, not_bettable: frozenset[str]) -> PriceUpcomingRequest:
    """The prices of one league's fixtures by its champion (registered as `model/league`)."""
    model_name, league = model.name.split("/", 1)
    return PriceUpcomingRequest(
        window=upcoming_window(window),
        league=league,
        model=model_name,
        version=model.version,
        not_bettable=not_bettable,
    )


def priced_selection(selection: Selection) -> PricedSelection:
    """The application's priced selection of a message, its lineage included."""
    return PricedSelection(
        fixture=selection.fixture_id,
        competition=selection.competition,
        market=selection.market,
        selection=selection.selection,
        bookmaker=selection.bookmaker,
        odds=Odds.from_decimal(selection.odds),
        probability=selection.probability,
        line=selection.line,
        correlation_group=selection.correlation_group,
        captured_at=selection.captured_at,
        model=selection.model,
        model_version=selection.model_version,
    )


def priced_selections(selections: tuple[Selection, ...]) -> tuple[PricedSelection, ...]:
    return tuple(priced_selection(selection) for selection in selections)


def edges_request(request: EdgesRequest) -> FindEdgesRequest:
    return FindEdgesRequest(selections=priced_selections(request.selections))


def quote_request(request: QuoteRequest) -> QuoteTicketsRequest:
    account = request.account
    return QuoteTicketsRequest(
        principal=house(account),
        customer_id=account.customer_id,
        bankroll_id=account.bankroll_id,
        proposals=priced_selections(request.selections),
        max_legs=request.max_legs,
    )


def leg_request(leg: TicketLeg) -> LegRequest:
    return LegRequest(
        fixture_id=leg.fixture_id,
        competition=leg.competition,
        market=leg.market,
        selection=leg.selection,
        bookmaker=leg.bookmaker,
        odds=leg.odds,
        line=leg.line,
        correlation_group=leg.correlation_group,
    )


def issue_request(request: IssueRequest) -> IssueTicketRequest:
    ticket, account = request.ticket, request.account
    return IssueTicketRequest(
        principal=house(account),
        idempotency_key=request.idempotency_key,
        customer_id=account.customer_id,
        bankroll_id=account.bankroll_id,
        stake=ticket.stake,
        legs=tuple(leg_request(leg) for leg in ticket.legs),
        as_of=request.as_of,
    )


# The use cases' answers → messages.


def ingest_summary(summary: IngestedSummary) -> IngestSummary:
    return IngestSummary(
        source=summary.source,
        locator=summary.locator,
        fixtures=summary.fixtures,
        odds_rows=summary.odds_rows,
        quarantined=summary.quarantined,
        rejected_payloads=len(summary.rejected_payloads),
        total_fixtures=summary.total_fixtures,
    )


def features_summary(done: FeaturesRefreshed) -> FeaturesSummary:
    return FeaturesSummary(
        feature_set=done.feature_set, leagues=done.leagues, computed=done.computed, stored=done.stored
    )


def champions(found: FoundChampions) -> Champions:
    return Champions(
        models=tuple(
            ModelVersion(name=champion.name, version=champion.version) for champion in found.champions
        ),
        leagues_without_champion=found.without_champion,
    )


def predicted_fixture(fixture: PricedFixture, model: ModelVersion) -> PredictedFixture:
    home, draw, away = fixture.probabilities
    return PredictedFixture(
        fixture_id=fixture.fixture_id,
        league=fixture.league,
        kickoff=fixture.kickoff,
        home_team=fixture.home_team,
        away_team=fixture.away_team,
        home=home,
        draw=draw,
        away=away,
        model=model,
        markets=fixture.markets,
        note=fixture.note,
    )


def selection_of(row: PricedSelection) -> Selection:
    """The message of a priced selection, its lineage (capture time, model version) included."""
    return Selection(
        fixture_id=row.fixture,
        competition=row.competition,
        market=row.market,
        selection=row.selection,
        bookmaker=row.bookmaker,
        odds=row.odds.decimal,
        probability=row.probability,
        line=row.line,
        correlation_group=row.correlation_group,
        captured_at=row.captured_at,
        model=row.model,
        model_version=row.model_version,
    )


def edge(found: SelectionEdge) -> Edge:
    key, best = found.key, found.best
    return Edge(
        fixture_id=key.fixture,
        market=key.market,
        selection=key.selection,
        bookmaker=best.bookmaker,
        odds=best.odds.decimal,
        probability=found.probability,
        expected_value=found.expected_value,
        edge=found.edge,
        line=key.line,
    )


def edges(found: FindEdgesResponse) -> Edges:
    return Edges(edges=tuple(edge(each) for each in found.edges), outcomes=found.outcomes)


def strategy_choice(choice: LeagueStrategy) -> LeagueStrategyChoice:
    evidence = choice.evidence
    if evidence is None:
        return LeagueStrategyChoice(league=choice.league, strategy=choice.strategy, reason=choice.reason)
    return LeagueStrategyChoice(
        league=choice.league,
        strategy=choice.strategy,
        reason=choice.reason,
        backtest_id=evidence.backtest_id,
        first_season=evidence.first_season,
        last_season=evidence.last_season,
        bets=evidence.bets,
        roi=evidence.roi,
        clv_mean=evidence.clv_mean,
        clv_positive_share=evidence.clv_positive_share,
    )


def limits_of(decision: PolicyDecision) -> Limits:
    limits = decision.limits
    return Limits(
        decision_id=decision.decision_id,
        bundle_hash=decision.bundle_hash,
        allow=decision.allow,
        max_stake_per_ticket=limits.max_stake_per_ticket,
        remaining_loss_allowance=limits.remaining_loss_allowance,
        banned_markets=tuple(sorted(limits.banned_markets)),
        reasons=tuple(reason.rule for reason in decision.reasons),
    )


def plan_of(portfolio: OptimizePortfolioResponse) -> PortfolioPlan:
    tickets = tuple(
        ProposedTicket(legs=tuple(ticket_leg(leg.as_leg()) for leg in placed.ticket.legs), stake=placed.stake)
        for placed in portfolio.tickets
    )
    return PortfolioPlan(
        status=portfolio.status,
        optimal=portfolio.optimal,
        gap=portfolio.gap,
        expected_log_growth=portfolio.expected_log_growth,
        baseline_log_growth=portfolio.baseline_log_growth,
        tickets=tickets,
        reason=portfolio.reason,
    )


def quote_of(decision: PolicyDecision, portfolio: OptimizePortfolioResponse) -> QuoteOutcome:
    return QuoteOutcome(limits=limits_of(decision), plan=plan_of(portfolio))


def no_tickets(status: str, reason: str) -> PortfolioPlan:
    """A plan without tickets, and why (nothing worth quoting, the policy denied, a stop rule reached)."""
    return PortfolioPlan(
        status=status,
        optimal=False,
        gap=None,
        expected_log_growth=0.0,
        baseline_log_growth=0.0,
        tickets=(),
        reason=reason,
    )


def denied_quote(decision: PolicyDecision) -> QuoteOutcome:
    return QuoteOutcome(limits=limits_of(decision), plan=no_tickets("denied", POLICY_DENIED))


def refused_quote(reason: str) -> QuoteOutcome:
    """A stop rule of the house bankroll is reached: no decision asked for, no tickets."""
    return QuoteOutcome(limits=None, plan=no_tickets("refused", reason))


def ticket_leg(leg: Leg) -> TicketLeg:
    return TicketLeg(
        fixture_id=leg.fixture_id,
        competition=leg.competition,
        market=leg.market,
        selection=leg.selection,
        bookmaker=leg.bookmaker,
        odds=leg.odds.decimal,
        line=leg.line,
        correlation_group=leg.correlation_group,
    )


def issued(
    request: IssueRequest, ticket: TicketRecord, bundle_hash: str | None, replayed: bool
) -> IssueOutcome:
    return IssueOutcome(
        idempotency_key=request.idempotency_key,
        issued=True,
        ticket_id=ticket.ticket_id,
        decision_id=ticket.decision_id,
        bundle_hash=bundle_hash,
        stake=ticket.stake,
        combined_odds=ticket.combined_odds,
        legs=tuple(ticket_leg(leg) for leg in ticket.legs),
        replayed=replayed,
    )


def refused(
    request: IssueRequest, decision_id: str | None, bundle_hash: str | None, rules: tuple[str, ...]
) -> IssueOutcome:
    odds = exact_product(leg.odds for leg in request.ticket.legs)
    return IssueOutcome(
        idempotency_key=request.idempotency_key,
        issued=False,
        ticket_id=None,
        decision_id=decision_id,
        bundle_hash=bundle_hash,
        stake=request.ticket.stake,
        combined_odds=odds,
        legs=request.ticket.legs,
        refusals=rules,
    )
