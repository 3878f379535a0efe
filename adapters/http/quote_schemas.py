"""Bodies of `POST /v1/tickets/quotes`: priced proposals or fixture ids in, optimised tickets out."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from msgspec import Meta

from adapters.http.schemas import Identifier, LineText, Name, OddsText, Struct
from application.portfolio.selections import PricedSelection
from application.portfolio.tickets import CandidateLeg
from application.use_cases.quote_tickets import TicketQuote
from domain.edges import expected_value
from domain.errors import DomainError
from domain.lines import parse_line
from domain.odds import Odds


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
    """`proposals` (the partner prices), or `fixtures` (stakewise prices them; proposals then only override
    the probability of a selection stakewise prices)."""

    customer_id: Identifier
    bankroll_id: Identifier
    proposals: Annotated[list[ProposalIn], Meta(max_length=500)] = []  # noqa: RUF012
    fixtures: Annotated[list[Identifier], Meta(max_length=50)] = []  # noqa: RUF012
    max_legs: Annotated[int, Meta(ge=1, le=4)] = 2

    def checked(self) -> QuoteIn:
        if not self.proposals and not self.fixtures:
            raise DomainError("a quote needs `fixtures` (stakewise prices them) or priced `proposals`")
        return self


class QuotedLegOut(Struct, frozen=True):
    fixture: str
    competition: str
    market: str
    selection: str
    line: str | None
    bookmaker: str
    odds: str
    probability: float
    edge: float  # probability × odds − 1: the expected profit per unit staked on this leg alone
    model_version: str | None  # the registered model version, e.g. "dixon-coles/E0 v3"; None: the partner's


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
    skipped_fixtures: list[str]  # fixtures asked for that are not open or not priced by stakewise

    @classmethod
    def of(cls, quote: TicketQuote) -> QuoteOut:
        portfolio, limits = quote.portfolio, quote.decision.limits
        tickets = [
            QuotedTicketOut(
                legs=[_leg(quote, leg) for leg in placed.ticket.legs],
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
            skipped_fixtures=list(quote.skipped_fixtures),
        )


def _leg(quote: TicketQuote, leg: CandidateLeg) -> QuotedLegOut:
    key, lineage = leg.key, quote.lineage.get(leg.key)
    return QuotedLegOut(
        fixture=key.fixture,
        competition=leg.competition,
        market=key.market,
        selection=key.selection,
        line=None if key.line is None else str(parse_line(key.line)),
        bookmaker=leg.bookmaker,
        odds=str(leg.odds.decimal),
        probability=leg.probability,
        edge=expected_value(leg.probability, leg.odds),
        model_version=lineage.described if lineage else None,
    )


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
