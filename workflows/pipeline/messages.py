"""What the pipeline workflow and its activities hand each other (stored in the workflow's history).

Plain frozen dataclasses of standard types: money and odds as Decimal (sent as decimal strings),
probabilities as floats, times as aware datetimes. Bulk data stays in PostgreSQL; messages carry counts,
references and the few dozen selections of one run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from workflows.placement.messages import PlaceOutcome
from workflows.settlement.messages import SettlementReport
from workflows.training.messages import ModelVersion
from workflows.tuning import Tuning

DEFAULT_MODEL = "dixon-coles"
DEFAULT_HORIZON_HOURS = 72.0


@dataclass(frozen=True)
class HouseAccount:
    """Whose money the pipeline stakes: a partner's customer (jurisdiction, limits) and bankroll."""

    partner_id: str
    customer_id: str
    bankroll_id: str


@dataclass(frozen=True)
class SourceRequest:
    """One data source to ingest: its name and locator, e.g. ("synthetic", "seasons=3,seed=42")."""

    name: str
    locator: str = ""


@dataclass(frozen=True)
class PipelineInput:
    account: HouseAccount
    sources: tuple[SourceRequest, ...] = ()
    as_of: datetime | None = None  # bet on fixtures after this time; None: when the workflow starts
    horizon_hours: float = DEFAULT_HORIZON_HOURS  # ... kicking off at most this long after as_of
    model: str = DEFAULT_MODEL  # each league's champion of this model predicts
    max_legs: int = 2
    train_if_no_champion: bool = True
    promotion_seasons: int = 1  # a first champion has no rival: its walk-forward score is for the record
    tuning: Tuning = field(default_factory=Tuning)
    strategy_from_backtests: bool = False  # bet with each league's best strategy by backtest CLV


@dataclass(frozen=True)
class IngestSummary:
    source: str
    locator: str
    fixtures: int  # inserted or changed by this run
    odds_rows: int
    quarantined: int
    rejected_payloads: int
    total_fixtures: int


@dataclass(frozen=True)
class FeaturesRequest:
    leagues: tuple[str, ...] = ()  # empty: every stored league


@dataclass(frozen=True)
class FeaturesSummary:
    feature_set: str
    leagues: tuple[str, ...]
    computed: int
    stored: int


@dataclass(frozen=True)
class Window:
    as_of: datetime
    horizon_hours: float


@dataclass(frozen=True)
class ChampionsRequest:
    window: Window
    model: str


@dataclass(frozen=True)
class Champions:
    """The champion of each league with fixtures in the window, and the leagues that have none yet."""

    models: tuple[ModelVersion, ...]
    leagues_without_champion: tuple[str, ...]


@dataclass(frozen=True)
class PredictRequest:
    window: Window
    models: tuple[ModelVersion, ...]


@dataclass(frozen=True)
class PredictedFixture:
    fixture_id: str
    league: str
    kickoff: datetime
    home_team: str
    away_team: str
    home: float
    draw: float
    away: float
    model: ModelVersion
    markets: int = 0  # selections predicted and stored, every market kind the model prices
    note: str | None = None  # e.g. "1X2 only: ..." for a model without a goal matrix


@dataclass(frozen=True)
class Selection:
    """The model's probability of one outcome beside one bookmaker's price for it."""

    fixture_id: str
    competition: str
    market: str
    selection: str
    bookmaker: str
    odds: Decimal
    probability: float
    line: Decimal | None = None
    correlation_group: str | None = None
    captured_at: datetime | None = None  # when the price was stored
    model: str | None = None  # the registered model whose probability it is, e.g. "dixon-coles/E0"
    model_version: int | None = None


@dataclass(frozen=True)
class Predictions:
    fixtures: tuple[PredictedFixture, ...]
    selections: tuple[Selection, ...]


@dataclass(frozen=True)
class EdgesRequest:
    selections: tuple[Selection, ...]


@dataclass(frozen=True)
class Edge:
    """An outcome worth betting: the best price, expected value, and edge against the de-vigged market."""

    fixture_id: str
    market: str
    selection: str
    bookmaker: str
    odds: Decimal
    probability: float
    expected_value: float
    edge: float | None
    line: Decimal | None = None


@dataclass(frozen=True)
class Edges:
    edges: tuple[Edge, ...]
    outcomes: int


@dataclass(frozen=True)
class QuoteRequest:
    account: HouseAccount
    selections: tuple[Selection, ...]
    max_legs: int


@dataclass(frozen=True)
class Limits:
    """The policy decision on the house account before any ticket, and the limits it sets."""

    decision_id: str
    bundle_hash: str
    allow: bool
    max_stake_per_ticket: Decimal | None = None
    remaining_loss_allowance: Decimal | None = None
    banned_markets: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class TicketLeg:
    fixture_id: str
    competition: str
    market: str
    selection: str
    bookmaker: str
    odds: Decimal
    line: Decimal | None = None
    correlation_group: str | None = None


@dataclass(frozen=True)
class ProposedTicket:
    legs: tuple[TicketLeg, ...]
    stake: Decimal


@dataclass(frozen=True)
class PortfolioPlan:
    status: str
    optimal: bool
    gap: float | None
    expected_log_growth: float
    baseline_log_growth: float
    tickets: tuple[ProposedTicket, ...]
    reason: str | None = None  # why there are no tickets, when there are none


@dataclass(frozen=True)
class QuoteOutcome:
    """What the quote step produced: the policy limits it was asked within and the optimised plan."""

    limits: Limits | None  # None: nothing was worth quoting, so no decision was asked for
    plan: PortfolioPlan


@dataclass(frozen=True)
class IssueRequest:
    idempotency_key: str
    account: HouseAccount
    ticket: ProposedTicket
    as_of: datetime | None = None  # the run's moment: the market catalogue judges the legs then


@dataclass(frozen=True)
class IssueOutcome:
    """One proposed ticket after the policy check: issued (with its ticket id) or not, and why."""

    idempotency_key: str
    issued: bool
    ticket_id: str | None
    decision_id: str | None
    bundle_hash: str | None
    stake: Decimal
    combined_odds: Decimal
    legs: tuple[TicketLeg, ...]
    refusals: tuple[str, ...] = ()  # the policy rules or risk rules that said no
    replayed: bool = False  # issued by an earlier attempt of the same activity


@dataclass(frozen=True)
class PipelineReport:
    workflow_id: str
    as_of: datetime
    ingested: tuple[IngestSummary, ...]
    settlement: SettlementReport
    features: FeaturesSummary
    champions: tuple[ModelVersion, ...]
    trained_leagues: tuple[str, ...]
    fixtures: tuple[PredictedFixture, ...]
    selections: int
    edges: Edges
    quote: QuoteOutcome
    outcomes: tuple[IssueOutcome, ...]
    strategy: StrategyDecision | None = None  # with strategy_from_backtests: each league's strategy
    placements: tuple[PlaceOutcome, ...] = ()  # the issued tickets placed with their bookmakers
    alerts: tuple[str, ...] = ()  # alerts raised after placing

    @property
    def issued(self) -> tuple[IssueOutcome, ...]:
        return tuple(outcome for outcome in self.outcomes if outcome.issued)

    @property
    def total_stake(self) -> Decimal:
        return sum((outcome.stake for outcome in self.issued), Decimal(0))


@dataclass(frozen=True)
class StrategyRequest:
    selections: tuple[Selection, ...]


@dataclass(frozen=True)
class LeagueStrategyChoice:
    """The strategy of one league (None: nothing is bet there), why, and its backtest figures."""

    league: str
    strategy: str | None
    reason: str
    backtest_id: str | None = None
    first_season: str | None = None
    last_season: str | None = None
    bets: int = 0
    roi: float | None = None
    clv_mean: float | None = None
    clv_positive_share: float | None = None


@dataclass(frozen=True)
class StrategyDecision:
    leagues: tuple[LeagueStrategyChoice, ...]
    selections: tuple[Selection, ...]
