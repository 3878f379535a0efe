"""An independent re-check of a returned portfolio against its request: written from the rules in words
(docs/optimizer.md), sharing no code with the optimiser or its caps."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_DOWN, Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from application.use_cases.optimize_portfolio import OptimizePortfolioRequest, OptimizePortfolioResponse

CENT = Decimal("0.01")


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_DOWN)


def broken_rules(request: OptimizePortfolioRequest, response: OptimizePortfolioResponse) -> list[str]:
    bankroll, limits, policy = request.bankroll, request.limits, request.policy
    total_cap = cents(bankroll * Decimal(str(limits.max_total_fraction)))
    if policy.remaining_loss_allowance is not None:
        total_cap = min(total_cap, cents(policy.remaining_loss_allowance))
    ticket_cap = cents(bankroll * Decimal(str(limits.max_stake_fraction)))
    if policy.max_stake_per_ticket is not None:
        ticket_cap = min(ticket_cap, policy.max_stake_per_ticket)
    fixture_cap = cents(bankroll * Decimal(str(limits.max_fixture_fraction)))
    competition_cap = cents(bankroll * Decimal(str(limits.max_competition_fraction)))
    offered = {(s.fixture, s.market, s.selection, s.bookmaker): s for s in request.selections}

    problems: list[str] = []
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for placed in response.tickets:
        stake, legs = placed.stake, placed.ticket.legs
        name = "+".join(f"{leg.key.fixture}/{leg.key.selection}" for leg in legs)
        if stake != stake.quantize(CENT) or stake < limits.min_stake or stake > ticket_cap:
            problems.append(
                f"{name}: stake {stake} outside [{limits.min_stake}, {ticket_cap}] or not in cents"
            )
        if len(legs) > limits.max_legs:
            problems.append(f"{name}: {len(legs)} legs")
        fixtures = [leg.key.fixture for leg in legs]
        groups = [leg.correlation_group for leg in legs if leg.correlation_group]
        if len(set(fixtures)) < len(fixtures) or len(set(groups)) < len(groups):
            problems.append(f"{name}: correlated legs")
        if len({leg.bookmaker for leg in legs}) != 1:
            problems.append(f"{name}: legs at several bookmakers")
        product = Decimal(1)
        for leg in legs:
            row = offered.get((leg.key.fixture, leg.key.market, leg.key.selection, leg.bookmaker))
            if row is None or row.odds != leg.odds:
                problems.append(f"{name}: a leg that is not a candidate")
            if leg.key.market in policy.banned_markets:
                problems.append(f"{name}: banned market {leg.key.market}")
            product *= leg.odds.decimal
        if placed.ticket.odds != product:
            problems.append(f"{name}: odds {placed.ticket.odds} are not the product {product}")
        totals["total"] += stake
        totals["bookmaker " + legs[0].bookmaker] += stake
        for fixture in set(fixtures):
            totals["fixture " + fixture] += stake
        for competition in {leg.competition for leg in legs}:
            totals["competition " + competition] += stake
    caps = {"total": total_cap, "fixture": fixture_cap, "competition": competition_cap}
    for key, amount in totals.items():
        kind, _, name = key.partition(" ")
        cap = limits.bookmaker_limits.get(name, total_cap) if kind == "bookmaker" else caps[kind]
        if amount > cap:
            problems.append(f"{key}: {amount} above {cap}")
    if len(response.tickets) > limits.max_tickets:
        problems.append(f"{len(response.tickets)} tickets, more than {limits.max_tickets}")
    return problems
