"""Request and response bodies (msgspec at the boundary only). Money and odds travel as decimal strings."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Generic, Literal, TypeVar

import msgspec
from msgspec import Meta

from application.portfolio.selections import PricedSelection
from application.ports.bankroll_repository import BankrollSummary, LedgerLine
from application.ports.market_data import DecisionView, EdgeView, FixtureView, ModelView
from application.ports.ticket_repository import TicketRecord
from application.use_cases.issue_ticket import LegRequest
from application.use_cases.quote_tickets import Quote
from application.use_cases.read_models import FixtureDetails
from domain.customers import Customer, Transaction
from domain.odds import Odds
from domain.placement import Placement

T = TypeVar("T")

Identifier = Annotated[str, Meta(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
# printable text only: PostgreSQL stores no NUL character, and control characters have no place in names
Name = Annotated[str, Meta(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f\ud800-\udfff]+$")]
Money = Annotated[
    str,
    Meta(pattern=r"^[0-9]{1,12}(\.[0-9]{1,2})?$", description="decimal string, cents", examples=["10.50"]),
]
OddsText = Annotated[
    str, Meta(pattern=r"^[0-9]{1,6}(\.[0-9]{1,6})?$", description="decimal odds above 1", examples=["2.10"])
]
LineText = Annotated[str, Meta(pattern=r"^-?[0-9]{1,3}(\.[0-9]{1,2})?$", examples=["-0.25"])]
Jurisdiction = Annotated[str, Meta(pattern=r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$", examples=["GB", "CA-ON"])]


class Struct(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Every body: immutable, keyword-only, and unknown fields are an error, not silently dropped."""


class LegIn(Struct, frozen=True):
    fixture: Identifier
    competition: Name
    market: Name
    selection: Name
    bookmaker: Name
    odds: OddsText
    line: LineText | None = None
    correlation_group: Name | None = None
    in_play: bool = False

    def to_request(self) -> LegRequest:
        line = None if self.line is None else Decimal(self.line)
        return LegRequest(
            self.fixture,
            self.competition,
            self.market,
            self.selection,
            self.bookmaker,
            Decimal(self.odds),
            line,
            self.correlation_group,
            self.in_play,
        )


class TicketIn(Struct, frozen=True):
    customer_id: Identifier
    bankroll_id: Identifier
    stake: Money
    legs: Annotated[list[LegIn], Meta(min_length=1, max_length=12)]


class LegOut(Struct, frozen=True):
    fixture: str
    competition: str
    market: str
    selection: str
    bookmaker: str
    odds: str
    line: str | None
    correlation_group: str | None
    in_play: bool


class PlacementOut(Struct, frozen=True):
    """A bookmaker's answer for the ticket: accepted, partially_matched, rejected (with the reason) or
    pending; `accepted_odds` is the combined odds accepted, `leg_odds` those of each leg."""

    bookmaker: str
    status: str
    reason: str | None
    detail: str
    requested_stake: str
    matched_stake: str
    accepted_odds: str | None
    leg_odds: list[str]
    commission: str
    bet_ref: str | None
    placed_at: datetime | None

    @classmethod
    def of(cls, p: Placement) -> PlacementOut:
        odds = p.accepted_odds
        return cls(
            bookmaker=p.bookmaker,
            status=p.status.value,
            reason=p.reason.value if p.reason else None,
            detail=p.detail,
            requested_stake=str(p.requested_stake),
            matched_stake=str(p.matched_stake),
            accepted_odds=None if odds is None else str(odds),
            leg_odds=[str(o) for o in p.leg_odds],
            commission=str(p.commission),
            bet_ref=p.bet_ref,
            placed_at=p.placed_at,
        )


class TicketOut(Struct, frozen=True):
    id: str
    customer_id: str
    bankroll_id: str
    status: str
    kind: Literal["single", "accumulator"]
    stake: str
    combined_odds: str
    potential_return: str
    legs: list[LegOut]
    decision_id: str
    issued_at: datetime
    payout: str | None
    settled_at: datetime | None
    placements: list[PlacementOut]

    @classmethod
    def of(cls, t: TicketRecord) -> TicketOut:
        legs = [
            LegOut(
                fixture=leg.fixture_id,
                competition=leg.competition,
                market=leg.market,
                selection=leg.selection,
                bookmaker=leg.bookmaker,
                odds=str(leg.odds.decimal),
                line=None if leg.line is None else str(leg.line),
                correlation_group=leg.correlation_group,
                in_play=in_play,
            )
            for leg, in_play in zip(t.legs, t.in_play, strict=True)
        ]
        potential = (t.stake * t.combined_odds).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
        return cls(
            id=t.ticket_id,
            customer_id=t.customer_id,
            bankroll_id=t.bankroll_id,
            status=t.status.value,
            kind="single" if len(legs) == 1 else "accumulator",
            stake=str(t.stake),
            combined_odds=str(t.combined_odds),
            potential_return=str(potential),
            legs=legs,
            decision_id=t.decision_id,
            issued_at=t.issued_at,
            payout=None if t.payout is None else str(t.payout),
            settled_at=t.settled_at,
            placements=[PlacementOut.of(p) for p in t.placements],
        )


class PageOut(Struct, Generic[T], frozen=True):
    items: list[T]
    next_cursor: str | None


class CustomerIn(Struct, frozen=True):
    jurisdiction: Jurisdiction
    date_of_birth: date
    identity_verified: bool = False
    self_excluded_until: date | None = None


class CustomerOut(Struct, frozen=True):
    id: str
    jurisdiction: str
    date_of_birth: date
    identity_verified: bool
    self_excluded_until: date | None

    @classmethod
    def of(cls, c: Customer) -> CustomerOut:
        return cls(
            id=c.customer_id,
            jurisdiction=c.jurisdiction,
            date_of_birth=c.date_of_birth,
            identity_verified=c.identity_verified,
            self_excluded_until=c.self_excluded_until,
        )


class PaymentIn(Struct, frozen=True):
    kind: Literal["deposit", "withdrawal"]
    amount: Money


class PaymentOut(Struct, frozen=True):
    customer_id: str
    kind: str
    amount: str
    at: datetime

    @classmethod
    def of(cls, t: Transaction) -> PaymentOut:
        return cls(customer_id=t.customer_id, kind=t.kind.value, amount=str(t.amount), at=t.at)


class BankrollOut(Struct, frozen=True):
    id: str
    name: str
    currency: str
    starting_balance: str
    available: str
    at_risk: str
    created_at: datetime

    @classmethod
    def of(cls, b: BankrollSummary) -> BankrollOut:
        return cls(
            id=b.bankroll_id,
            name=b.name,
            currency=b.currency,
            starting_balance=str(b.starting_balance),
            available=str(b.available),
            at_risk=str(b.at_risk),
            created_at=b.created_at,
        )


class LedgerEntryOut(Struct, frozen=True):
    id: str
    reference: str
    description: str
    account: str
    amount: str
    posted_at: datetime

    @classmethod
    def of(cls, line: LedgerLine) -> LedgerEntryOut:
        return cls(
            id=line.entry_id,
            reference=line.reference,
            description=line.description,
            account=line.account,
            amount=str(line.amount),
            posted_at=line.posted_at,
        )


class MeOut(Struct, frozen=True):
    key_id: str
    role: str
    partner_id: str | None


class ProposalIn(Struct, frozen=True):
    fixture: Identifier
    competition: Name
    market: Name
    selection: Name
    bookmaker: Name
    odds: OddsText
    probability: Annotated[float, Meta(gt=0.0, lt=1.0, description="the model's probability of the outcome")]
    line: LineText | None = None
    correlation_group: Name | None = None

    def to_selection(self) -> PricedSelection:
        line = None if self.line is None else Decimal(self.line)
        return PricedSelection(
            fixture=self.fixture,
            competition=self.competition,
            market=self.market,
            selection=self.selection,
            bookmaker=self.bookmaker,
            odds=Odds.from_decimal(self.odds),
            probability=self.probability,
            line=line,
            correlation_group=self.correlation_group,
        )


class QuoteIn(Struct, frozen=True):
    customer_id: Identifier
    bankroll_id: Identifier
    proposals: Annotated[list[ProposalIn], Meta(min_length=1, max_length=500)]
    max_legs: Annotated[int, Meta(ge=1, le=4)] = 2


class QuotedLegOut(Struct, frozen=True):
    fixture: str
    competition: str
    market: str
    selection: str
    line: str | None
    bookmaker: str
    odds: str


class QuotedTicketOut(Struct, frozen=True):
    legs: list[QuotedLegOut]
    stake: str
    odds: str


class PolicyLimitsOut(Struct, frozen=True):
    max_stake_per_ticket: str | None
    remaining_loss_allowance: str | None
    remaining_deposit_allowance: str | None
    banned_markets: list[str]


class QuoteOut(Struct, frozen=True):
    status: str
    optimal: bool
    gap: float | None
    available: str
    staked: str
    expected_log_growth: float
    baseline_log_growth: float
    tickets: list[QuotedTicketOut]
    decision_id: str
    limits: PolicyLimitsOut
    reason: str | None
    solve_seconds: float

    @classmethod
    def of(cls, quote: Quote) -> QuoteOut:
        portfolio, limits = quote.portfolio, quote.decision.limits
        tickets = [
            QuotedTicketOut(
                legs=[
                    QuotedLegOut(
                        fixture=leg.key.fixture,
                        competition=leg.competition,
                        market=leg.key.market,
                        selection=leg.key.selection,
                        line=_text(leg.key.line),
                        bookmaker=leg.bookmaker,
                        odds=str(leg.odds.decimal),
                    )
                    for leg in placed.ticket.legs
                ],
                stake=str(placed.stake),
                odds=str(placed.ticket.odds),
            )
            for placed in portfolio.tickets
        ]
        return cls(
            status=portfolio.status,
            optimal=portfolio.optimal,
            gap=portfolio.gap,
            available=str(portfolio.bankroll),
            staked=str(portfolio.staked),
            expected_log_growth=portfolio.expected_log_growth,
            baseline_log_growth=portfolio.baseline_log_growth,
            tickets=tickets,
            decision_id=quote.decision.decision_id,
            limits=PolicyLimitsOut(
                max_stake_per_ticket=_text(limits.max_stake_per_ticket),
                remaining_loss_allowance=_text(limits.remaining_loss_allowance),
                remaining_deposit_allowance=_text(limits.remaining_deposit_allowance),
                banned_markets=sorted(limits.banned_markets),
            ),
            reason=portfolio.reason,
            solve_seconds=portfolio.times.solve,
        )


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


class FixtureOut(Struct, frozen=True):
    id: str
    competition: str
    season: str
    match_date: date
    kickoff_at: datetime | None
    home_team: str
    away_team: str
    home_goals: int | None
    away_goals: int | None

    @classmethod
    def of(cls, f: FixtureView) -> FixtureOut:
        return cls(
            id=f.fixture_id,
            competition=f.competition,
            season=f.season,
            match_date=f.match_date,
            kickoff_at=f.kickoff_at,
            home_team=f.home_team,
            away_team=f.away_team,
            home_goals=f.home_goals,
            away_goals=f.away_goals,
        )


class PriceOut(Struct, frozen=True):
    market: str
    line: str | None
    selection: str
    bookmaker: str
    price: str
    is_closing: bool
    captured_at: datetime


class PredictionOut(Struct, frozen=True):
    model: str
    version: int
    stage: str
    market: str
    line: str | None
    selection: str
    probability: float


class FixtureDetailsOut(Struct, frozen=True):
    fixture: FixtureOut
    odds: list[PriceOut]
    predictions: list[PredictionOut]

    @classmethod
    def of(cls, details: FixtureDetails) -> FixtureDetailsOut:
        odds = [
            PriceOut(
                market=p.market,
                line=_text(p.line),
                selection=p.selection,
                bookmaker=p.bookmaker,
                price=str(p.price),
                is_closing=p.is_closing,
                captured_at=p.captured_at,
            )
            for p in details.prices
        ]
        predictions = [
            PredictionOut(
                model=p.model,
                version=p.version,
                stage=p.stage,
                market=p.market,
                line=_text(p.line),
                selection=p.selection,
                probability=p.probability,
            )
            for p in details.predictions
        ]
        return cls(fixture=FixtureOut.of(details.fixture), odds=odds, predictions=predictions)


class EdgeOut(Struct, frozen=True):
    id: str
    fixture_id: str
    market: str
    line: str | None
    selection: str
    bookmaker: str
    price: str
    probability: float
    edge: float
    kelly_fraction: float | None
    created_at: datetime

    @classmethod
    def of(cls, e: EdgeView) -> EdgeOut:
        return cls(
            id=e.edge_id,
            fixture_id=e.fixture_id,
            market=e.market,
            line=_text(e.line),
            selection=e.selection,
            bookmaker=e.bookmaker,
            price=str(e.price),
            probability=e.probability,
            edge=e.edge,
            kelly_fraction=e.kelly_fraction,
            created_at=e.created_at,
        )


class ModelOut(Struct, frozen=True):
    name: str
    version: int
    stage: str
    metrics: dict[str, Any]
    training_data_versions: list[Any]
    artefact_sha256: str | None
    created_at: datetime

    @classmethod
    def of(cls, m: ModelView) -> ModelOut:
        return cls(
            name=m.name,
            version=m.version,
            stage=m.stage,
            metrics=m.metrics,
            training_data_versions=m.training_data_versions,
            artefact_sha256=m.artefact_sha256,
            created_at=m.created_at,
        )


class DecisionOut(Struct, frozen=True):
    id: str
    created_at: datetime
    jurisdiction: str | None
    allow: bool
    reasons: list[Any]
    bundle_hash: str | None
    input: dict[str, Any]
    result: dict[str, Any] | None

    @classmethod
    def of(cls, d: DecisionView) -> DecisionOut:
        return cls(
            id=d.decision_id,
            created_at=d.created_at,
            jurisdiction=d.jurisdiction,
            allow=d.allow,
            reasons=d.reasons,
            bundle_hash=d.bundle_hash,
            input=d.input,
            result=d.result,
        )
