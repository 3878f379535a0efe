"""What the pipeline workflow and its activities hand each other (stored in the workflow's history).

Plain frozen dataclasses of standard types: money as Decimal (sent as a decimal string), probabilities as
floats, times as aware datetimes. Large data stays in PostgreSQL; messages carry counts and references.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from workflows.training.messages import ModelVersion
from workflows.tuning import Tuning


@dataclass(frozen=True)
class HouseAccount:
    """Whose money the pipeline stakes: a partner's customer (jurisdiction, limits) and bankroll."""

    partner_id: str
    customer_id: str
    bankroll_id: str


@dataclass(frozen=True)
class SourceRequest:
    """One data source to ingest, e.g. ("synthetic", None, {"seasons": "3", "seed": "7"})."""

    name: str
    locator: str | None = None
    options: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PipelineInput:
    account: HouseAccount
    sources: tuple[SourceRequest, ...] = ()
    as_of: datetime | None = None  # predict the fixtures after this time; None: when the workflow starts
    train_if_no_champion: bool = True
    tuning: Tuning = field(default_factory=Tuning)


@dataclass(frozen=True)
class IngestSummary:
    source: str
    fixtures: int
    odds_rows: int
    quarantined: int
    total_fixtures: int


@dataclass(frozen=True)
class FeaturesRequest:
    as_of: datetime


@dataclass(frozen=True)
class FeaturesSummary:
    feature_set: str
    rows: int


@dataclass(frozen=True)
class ChampionsRequest:
    as_of: datetime


@dataclass(frozen=True)
class Champions:
    """The champion of each league with fixtures to predict, and the leagues that have none yet."""

    models: tuple[ModelVersion, ...]
    leagues_without_champion: tuple[str, ...]


@dataclass(frozen=True)
class PredictRequest:
    as_of: datetime
    models: tuple[ModelVersion, ...]


@dataclass(frozen=True)
class PredictionSummary:
    fixtures: int
    predictions: int


@dataclass(frozen=True)
class EdgesRequest:
    as_of: datetime
    models: tuple[ModelVersion, ...]


@dataclass(frozen=True)
class Candidate:
    """A priced selection with a positive edge: the optimiser's raw material."""

    fixture_id: str
    competition: str
    market: str
    selection: str
    bookmaker: str
    odds: Decimal
    probability: float
    edge: float
    line: Decimal | None = None
    kickoff: datetime | None = None


@dataclass(frozen=True)
class Edges:
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True)
class Limits:
    """What the policy engine allows the house account today, with the decision that said so."""

    decision_id: str
    bundle_hash: str
    allow: bool
    max_stake_per_ticket: Decimal | None = None
    remaining_loss_allowance: Decimal | None = None
    banned_markets: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class OptimiseRequest:
    account: HouseAccount
    candidates: tuple[Candidate, ...]
    limits: Limits


@dataclass(frozen=True)
class TicketLeg:
    fixture_id: str
    competition: str
    market: str
    selection: str
    bookmaker: str
    odds: Decimal
    line: Decimal | None = None


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
    tickets: tuple[ProposedTicket, ...]


@dataclass(frozen=True)
class IssueRequest:
    idempotency_key: str
    account: HouseAccount
    ticket: ProposedTicket


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
    features: FeaturesSummary
    champions: tuple[ModelVersion, ...]
    trained_leagues: tuple[str, ...]
    predictions: PredictionSummary
    candidates: int
    limits: Limits
    plan: PortfolioPlan
    outcomes: tuple[IssueOutcome, ...]

    @property
    def issued(self) -> tuple[IssueOutcome, ...]:
        return tuple(outcome for outcome in self.outcomes if outcome.issued)

    @property
    def total_stake(self) -> Decimal:
        return sum((outcome.stake for outcome in self.issued), Decimal(0))
