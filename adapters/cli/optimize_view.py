"""What `stakewise optimize` prints: one JSON document, or tables."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.table import Table

if TYPE_CHECKING:
    from decimal import Decimal

    from rich.console import Console

    from application.portfolio.placement import StakedTicket
    from application.use_cases.optimize_portfolio import OptimizePortfolioResponse
    from domain.compliance import PolicyDecision


def optimize_payload(response: OptimizePortfolioResponse, decision: PolicyDecision | None) -> dict[str, Any]:
    times = response.times
    caps = response.caps
    return {
        "status": response.status,
        "optimal": response.optimal,
        "gap": response.gap,
        "reason": response.reason,
        "expected_log_growth": response.expected_log_growth,
        "baseline_log_growth": response.baseline_log_growth,
        "bankroll": money(response.bankroll),
        "staked": money(response.staked),
        "tickets": [_ticket(placed) for placed in response.tickets],
        "baselines": {
            b.name: {
                "expected_log_growth": b.expected_log_growth,
                "staked": money(b.staked),
                "tickets": len(b.tickets),
            }
            for b in response.baselines
        },
        "times": {
            "prepare": times.prepare,
            "build": times.build,
            "solve": times.solve,
            "total": times.prepare + times.build + times.solve,
        },
        "model": _model(response),
        "candidates": {
            "rows": response.counts.rows,
            "banned": response.counts.banned,
            "outcomes": response.counts.outcomes,
            "with_edge": response.counts.with_edge,
            "singles": response.counts.singles,
            "accumulators": response.counts.accumulators,
        },
        "limits": {
            "total": money(caps.total),
            "per_ticket": money(caps.per_ticket),
            "min_stake": money(caps.min_stake),
            "per_fixture": money(caps.per_fixture),
            "per_competition": money(caps.per_competition),
            "per_bookmaker": {name: money(amount) for name, amount in caps.per_bookmaker.items()},
            "max_tickets": caps.max_tickets,
        },
        "policy": _policy(decision),
    }


def money(amount: Decimal) -> int | float:
    """A JSON number with the same digits (amounts are whole cents)."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _ticket(placed: StakedTicket) -> dict[str, Any]:
    ticket = placed.ticket
    return {
        "legs": [
            {
                "fixture": leg.key.fixture,
                "competition": leg.competition,
                "market": leg.key.market,
                "selection": leg.key.selection,
                "line": None if leg.key.line is None else float(leg.key.line),
                "bookmaker": leg.bookmaker,
                "odds": float(leg.odds.decimal),
            }
            for leg in ticket.legs
        ],
        "stake": money(placed.stake),
        "odds": float(ticket.odds),
        "probability": ticket.probability,
        "expected_value": ticket.expected_value,
    }


def _model(response: OptimizePortfolioResponse) -> dict[str, Any] | None:
    size = response.model
    if size is None:
        return None
    return {
        "scenarios": response.scenarios,
        "rows": size.rows,
        "columns": size.columns,
        "binaries": size.binaries,
        "nonzeros": size.nonzeros,
        "objective": response.objective,
    }


def _policy(decision: PolicyDecision | None) -> dict[str, Any] | None:
    if decision is None:
        return None
    return {
        "decision_id": decision.decision_id,
        "allow": decision.allow,
        "reasons": [{"rule": r.rule, "message": r.message, "figure": r.figure} for r in decision.reasons],
        "bundle_hash": decision.bundle_hash,
    }


def render_optimize(
    response: OptimizePortfolioResponse, decision: PolicyDecision | None, console: Console
) -> None:
    proof = "proven optimal" if response.optimal else f"{response.status}, gap {response.gap}"
    console.print(
        f"{len(response.tickets)} tickets, staked {response.staked} of {response.bankroll} · {proof} · "
        f"expected log growth {response.expected_log_growth:.6f}"
    )
    if response.reason:
        console.print(f"no tickets: {response.reason}")
    if decision is not None and decision.reasons:
        console.print("policy: " + "; ".join(f"{r.rule}: {r.message}" for r in decision.reasons))
    if response.tickets:
        console.print(_tickets_table(response))
    baselines = Table(title="on the same scenarios")
    for column in ("portfolio", "tickets", "staked", "E[log growth]"):
        baselines.add_column(column, justify="right")
    baselines.add_row(
        "optimised", str(len(response.tickets)), str(response.staked), f"{response.expected_log_growth:.6f}"
    )
    for b in response.baselines:
        baselines.add_row(b.name, str(len(b.tickets)), str(b.staked), f"{b.expected_log_growth:.6f}")
    console.print(baselines)
    times = response.times
    console.print(
        f"times: prepare {times.prepare:.2f} s, build {times.build:.2f} s, solve {times.solve:.2f} s"
    )


def _tickets_table(response: OptimizePortfolioResponse) -> Table:
    table = Table(title="tickets")
    for column in ("legs", "bookmaker", "odds", "p", "EV", "stake"):
        table.add_column(column, justify="right" if column not in ("legs", "bookmaker") else "left")
    for placed in sorted(response.tickets, key=lambda p: -p.stake):
        ticket = placed.ticket
        legs = " + ".join(leg.key.describe() for leg in ticket.legs)
        table.add_row(
            legs,
            ticket.bookmaker,
            f"{ticket.odds.normalize()}",
            f"{ticket.probability:.3f}",
            f"{ticket.expected_value:+.3f}",
            str(placed.stake),
        )
    return table
