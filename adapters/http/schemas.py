"""Request and response bodies (msgspec at the boundary only). Money and odds travel as decimal strings."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Generic, Literal, TypeVar

import msgspec
from msgspec import Meta

from application.ports.bankroll_repository import BankrollSummary, LedgerLine
from application.ports.market_data import DecisionView, EdgeView, FixtureView, ModelView
from application.ports.ticket_repository import LegLineage, TicketRecord
from application.use_cases.issue_ticket import LegRequest
from application.use_cases.read_models import FixtureDetails, MarketBook
from domain.customers import UNSET, Customer, CustomerChange, Transaction
from domain.legs import Leg
from domain.markets import PriceBookEntry
from domain.placement import Placement
from domain.risk import RISK_SETTINGS

T = TypeVar("T")
TicketKindOut = Literal["single", "accumulator"]  # the values of domain.tickets.TicketKind

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
    # the quote reference, when the leg comes from a stakewise quote: kept as the leg's lineage
    model_version: Name | None = None
    probability: Annotated[float, Meta(gt=0.0, lt=1.0)] | None = None
    edge: Annotated[float, Meta(ge=-1.0, le=1_000_000.0)] | None = None

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
            self.model_version,
            self.probability,
            self.edge,
        )


class TicketIn(Struct, frozen=True):
    customer_id: Identifier
    bankroll_id: Identifier
    stake: Money
    legs: Annotated[list[LegIn], Meta(min_length=1, max_length=12)]


class PriceBookRefOut(Struct, frozen=True):
    """The price-book entry a leg was checked against when it was issued."""

    bookmaker: str
    price: str
    captured_at: datetime | None
    batch_id: str | None


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
    price_book: PriceBookRefOut | None
    model_version: str | None
    probability: float | None
    edge: float | None

    @classmethod
    def of(cls, leg: Leg, in_play: bool, lineage: LegLineage) -> LegOut:
        book = None
        if lineage.price is not None:
            book = PriceBookRefOut(bookmaker=lineage.bookmaker or leg.bookmaker, price=str(lineage.price),
                                   captured_at=lineage.captured_at, batch_id=lineage.batch_id)  # fmt: skip
        return cls(
            fixture=leg.fixture_id,
            competition=leg.competition,
            market=leg.market,
            selection=leg.selection,
            bookmaker=leg.bookmaker,
            odds=str(leg.odds.decimal),
            line=_text(leg.line),
            correlation_group=leg.correlation_group,
            in_play=in_play,
            price_book=book,
            model_version=lineage.model_version,
            probability=lineage.probability,
            edge=lineage.edge,
        )


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
    kind: TicketKindOut
    stake: str
    combined_odds: str
    potential_return: str
    legs: list[LegOut]
    decision_id: str
    issued_at: datetime
    payout: str | None
    settled_at: datetime | None
    placements: list[PlacementOut]
    review_reason: str | None

    @classmethod
    def of(cls, t: TicketRecord) -> TicketOut:
        lineage = t.lineage or tuple(LegLineage() for _ in t.legs)
        legs = [LegOut.of(*leg) for leg in zip(t.legs, t.in_play, lineage, strict=True)]
        return cls(
            id=t.ticket_id,
            customer_id=t.customer_id,
            bankroll_id=t.bankroll_id,
            status=t.status.value,
            kind=t.kind.value,  # domain.tickets.TicketKind
            stake=str(t.stake),
            combined_odds=str(t.combined_odds),
            potential_return=str(t.potential_return),
            legs=legs,
            decision_id=t.decision_id,
            issued_at=t.issued_at,
            payout=None if t.payout is None else str(t.payout),
            settled_at=t.settled_at,
            placements=[PlacementOut.of(p) for p in t.placements],
            review_reason=t.review_reason,
        )


class PageOut(Struct, Generic[T], frozen=True):
    items: list[T]
    next_cursor: str | None


class CustomerIn(Struct, frozen=True):
    jurisdiction: Jurisdiction
    date_of_birth: date
    identity_verified: bool = False
    self_excluded_until: date | None = None


class DepositLimitsIn(Struct, frozen=True):
    """Deposit limits the customer chose, by window; null removes one (a raise or removal waits for the
    jurisdiction's delay before it applies; a lowered limit applies at once)."""

    h24: Money | msgspec.UnsetType | None = msgspec.field(default=msgspec.UNSET, name="24h")
    d7: Money | msgspec.UnsetType | None = msgspec.field(default=msgspec.UNSET, name="7d")
    d30: Money | msgspec.UnsetType | None = msgspec.field(default=msgspec.UNSET, name="30d")

    def given(self) -> dict[str, Decimal | None]:
        values = {"24h": self.h24, "7d": self.d7, "30d": self.d30}
        return {
            window: None if value is None else Decimal(value)
            for window, value in values.items()
            if not isinstance(value, msgspec.UnsetType)
        }


class CustomerPatchIn(Struct, frozen=True):
    """The fields to change; a field left out stays as it is, null clears it."""

    self_excluded_until: date | msgspec.UnsetType | None = msgspec.UNSET
    cool_off_until: datetime | msgspec.UnsetType | None = msgspec.UNSET
    identity_verified: bool | msgspec.UnsetType = msgspec.UNSET
    deposit_limits: DepositLimitsIn | msgspec.UnsetType = msgspec.UNSET

    def change(self) -> CustomerChange:
        limits = {} if isinstance(self.deposit_limits, msgspec.UnsetType) else self.deposit_limits.given()
        return CustomerChange(
            self_excluded_until=_given(self.self_excluded_until),
            cool_off_until=_given(self.cool_off_until),
            identity_verified=_given(self.identity_verified),
            deposit_limits=limits,
        )


def _given(value: Any) -> Any:
    return UNSET if isinstance(value, msgspec.UnsetType) else value


class DepositLimitOut(Struct, frozen=True):
    value: str | None
    previous: str | None
    changed_at: datetime | None


class CustomerOut(Struct, frozen=True):
    id: str
    jurisdiction: str
    date_of_birth: date
    identity_verified: bool
    self_excluded_until: date | None
    cool_off_until: datetime | None = None
    deposit_limits: dict[str, DepositLimitOut] = msgspec.field(default_factory=dict)

    @classmethod
    def of(cls, c: Customer) -> CustomerOut:
        return cls(
            id=c.customer_id,
            jurisdiction=c.jurisdiction,
            date_of_birth=c.date_of_birth,
            identity_verified=c.identity_verified,
            self_excluded_until=c.self_excluded_until,
            cool_off_until=c.cool_off_until,
            deposit_limits={
                window: DepositLimitOut(_text(limit.value), _text(limit.previous), limit.changed_at)
                for window, limit in sorted(c.deposit_limits.items())
            },
        )


class PaymentIn(Struct, frozen=True):
    kind: Literal["deposit", "withdrawal"]
    amount: Money


class PaymentOut(Struct, frozen=True):
    customer_id: str
    kind: str
    amount: str
    at: datetime
    decision_id: str | None = None  # the policy decision that allowed a deposit

    @classmethod
    def of(cls, t: Transaction) -> PaymentOut:
        return cls(customer_id=t.customer_id, kind=t.kind.value, amount=str(t.amount), at=t.at,
                   decision_id=t.reference)  # fmt: skip


Fraction = Annotated[
    str, Meta(pattern=r"^0?\.[0-9]{1,6}$", description="a fraction in (0, 1)", examples=["0.2"])
]


class RiskIn(Struct, frozen=True):
    """The risk rules to change (in the bankroll's currency); a rule left out stays, null turns it off."""

    max_exposure_per_fixture: Money | msgspec.UnsetType | None = msgspec.UNSET
    max_exposure_per_day: Money | msgspec.UnsetType | None = msgspec.UNSET
    stop_loss: Money | msgspec.UnsetType | None = msgspec.UNSET
    take_profit: Money | msgspec.UnsetType | None = msgspec.UNSET
    max_drawdown: Fraction | msgspec.UnsetType | None = msgspec.UNSET
    max_combined_odds: OddsText | msgspec.UnsetType | None = msgspec.UNSET
    max_potential_return: Money | msgspec.UnsetType | None = msgspec.UNSET

    def changes(self) -> dict[str, Decimal | None]:
        return {
            name: None if value is None else Decimal(value)
            for name in RISK_SETTINGS
            if not isinstance(value := getattr(self, name), msgspec.UnsetType)
        }


class BankrollOut(Struct, frozen=True):
    id: str
    name: str
    currency: str
    starting_balance: str
    available: str
    at_risk: str
    created_at: datetime
    risk: dict[str, str | None] = msgspec.field(default_factory=dict)

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
            risk={name: _text(value) for name, value in b.risk.as_dict().items()},
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


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


class FixtureOut(Struct, frozen=True):
    id: str
    competition: str
    season: str
    match_date: date
    kickoff_at: datetime  # the start of the match day (UTC) when no kickoff time is known
    status: str
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
            kickoff_at=f.kickoff,
            status=f.status or "",
            home_team=f.home_team,
            away_team=f.away_team,
            home_goals=f.home_goals,
            away_goals=f.away_goals,
        )


class BookPriceOut(Struct, frozen=True):
    bookmaker: str
    price: str
    captured_at: datetime
    batch_id: str
    is_closing: bool

    @classmethod
    def of(cls, entry: PriceBookEntry) -> BookPriceOut:
        return cls(bookmaker=entry.bookmaker, price=str(entry.price), captured_at=entry.captured_at,
                   batch_id=entry.batch_id, is_closing=entry.is_closing)  # fmt: skip


class SelectionOut(Struct, frozen=True):
    selection: str
    probability: float | None  # the champion model's, when it priced the selection
    model: str | None
    prices: list[BookPriceOut]


class MarketOut(Struct, frozen=True):
    market: str
    line: str | None
    selections: list[SelectionOut]

    @classmethod
    def of(cls, book: MarketBook) -> MarketOut:
        selections = [
            SelectionOut(selection=s.selection, probability=s.probability, model=s.model,
                         prices=[BookPriceOut.of(p) for p in s.prices])
            for s in book.selections
        ]  # fmt: skip
        return cls(market=book.market, line=_text(book.line), selections=selections)


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
    markets: list[MarketOut]
    predictions: list[PredictionOut]

    @classmethod
    def of(cls, details: FixtureDetails) -> FixtureDetailsOut:
        markets = [MarketOut.of(book) for book in details.markets]
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
        return cls(fixture=FixtureOut.of(details.fixture), markets=markets, predictions=predictions)


class EdgeOut(Struct, frozen=True):
    id: str
    fixture_id: str
    market: str
    line: str | None
    selection: str
    bookmaker: str
    price: str
    probability: float
    edge: float | None  # model / de-vigged market probability − 1 (None: no bookmaker prices the market)
    kelly_fraction: float | None
    created_at: datetime
    model: str | None  # the model version whose probability it is
    model_version: int | None
    captured_at: datetime | None  # when the best price was stored
    expected_value: float | None  # probability × price − 1

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
            model=e.model,
            model_version=e.model_version,
            captured_at=e.captured_at,
            expected_value=e.expected_value,
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
