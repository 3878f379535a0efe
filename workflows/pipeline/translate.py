"""Use-case answers turned into the pipeline's messages (quotes, limits, issuing outcomes)."""

from __future__ import annotations

from application.ports.ticket_repository import TicketRecord
from application.use_cases.optimize_portfolio import OptimizePortfolioResponse
from domain.compliance import PolicyDecision
from domain.legs import Leg
from domain.money import exact_product
from workflows.pipeline.messages import (
    IssueOutcome,
    IssueRequest,
    Limits,
    PortfolioPlan,
    ProposedTicket,
    QuoteOutcome,
    TicketLeg,
)

POLICY_DENIED = "the compliance policy denied the house account any ticket"


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
        ProposedTicket(tuple(ticket_leg(leg.as_leg()) for leg in placed.ticket.legs), placed.stake)
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


def denied_quote(decision: PolicyDecision) -> QuoteOutcome:
    return QuoteOutcome(
        limits_of(decision), PortfolioPlan("denied", False, None, 0.0, 0.0, (), POLICY_DENIED)
    )


def ticket_leg(leg: Leg) -> TicketLeg:
    return TicketLeg(leg.fixture_id, leg.competition, leg.market, leg.selection, leg.bookmaker,
                     leg.odds.decimal, leg.line, leg.correlation_group)  # fmt: skip


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
