"""The pipeline report as one JSON document and as tables: each ticket with its policy decision and bundle."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from workflows.pipeline.messages import IssueOutcome, PipelineReport, TicketLeg


def report_payload(report: PipelineReport) -> dict[str, Any]:
    refused = [outcome for outcome in report.outcomes if not outcome.issued]
    return {
        "workflow_id": report.workflow_id,
        "as_of": report.as_of.isoformat(),
        "ingested": [asdict(summary) for summary in report.ingested],
        "settlement": _settlement(report),
        "features": asdict(report.features),
        "champions": [asdict(model) for model in report.champions],
        "trained_leagues": list(report.trained_leagues),
        "fixtures": len(report.fixtures),
        "predictions": sum(fixture.markets for fixture in report.fixtures),  # stored, every market kind
        "prediction_notes": sorted({fixture.note for fixture in report.fixtures if fixture.note}),
        "selections": report.selections,
        "edges": len(report.edges.edges),
        "limits": None if report.quote.limits is None else _json(asdict(report.quote.limits)),
        "plan": _plan(report),
        "strategy": None if report.strategy is None else [asdict(c) for c in report.strategy.leagues],
        "tickets": [_ticket(outcome) for outcome in report.issued],
        "refused": [_ticket(outcome) for outcome in refused],
        "placements": [_json(asdict(placed)) for placed in report.placements],
        "summary": {
            "issued": len(report.issued),
            "refused": len(refused),
            "total_stake": str(report.total_stake),
            **placement_counts(report),
        },
    }


def placement_counts(report: PipelineReport) -> dict[str, int]:
    """Issued tickets by what their bookmakers made of them (tickets not answered yet stay issued)."""
    statuses = Counter(placed.status for placed in report.placements)
    return {status: statuses[status] for status in ("placed", "partially_placed", "rejected")}


def _placement_line(report: PipelineReport) -> str:
    counts = placement_counts(report)
    reasons = Counter(p.reason for p in report.placements if p.status == "rejected" and p.reason)
    why = ", ".join(f"{reason} {count}" for reason, count in sorted(reasons.items()))
    return (f"placed {counts['placed']}, partially placed {counts['partially_placed']}, "
            f"rejected {counts['rejected']}" + (f" ({why})" if why else ""))  # fmt: skip


def _settlement(report: PipelineReport) -> dict[str, Any]:
    settlement = report.settlement
    settled = [o for o in settlement.outcomes if not o.already_settled and o.status != "issued"]
    return {
        "settled": len(settled),
        "total_payout": str(sum((o.payout for o in settled), Decimal(0))),
        "mean_closing_line_value": settlement.mean_closing_line_value,
        "tickets": [_json(asdict(outcome)) for outcome in settlement.outcomes],
    }


def _plan(report: PipelineReport) -> dict[str, Any]:
    plan = report.quote.plan
    return {
        "status": plan.status,
        "optimal": plan.optimal,
        "gap": plan.gap,
        "expected_log_growth": plan.expected_log_growth,
        "baseline_log_growth": plan.baseline_log_growth,
        "proposed": len(plan.tickets),
        "reason": plan.reason,
    }


def render_report(report: PipelineReport, console: Console) -> None:
    teams = {fixture.fixture_id: f"{fixture.home_team} v {fixture.away_team}" for fixture in report.fixtures}
    console.print(f"[bold]issued tickets[/bold] · workflow {report.workflow_id}")
    for outcome in report.issued:
        _print_ticket(outcome, teams, console)
    refused = [outcome for outcome in report.outcomes if not outcome.issued]
    if refused:
        console.print("[bold]refused tickets[/bold]")
        for outcome in refused:
            _print_ticket(outcome, teams, console)
    console.print()
    for line in _summary_lines(report):
        console.print(line)


def _print_ticket(outcome: IssueOutcome, teams: dict[str, str], console: Console) -> None:
    head = f"ticket {outcome.ticket_id}" if outcome.ticket_id else "not issued"
    note = " (replayed)" if outcome.replayed else ""
    if outcome.refusals:
        note = f" refused by {', '.join(outcome.refusals)}"
    console.print(f"{head}: stake {outcome.stake:.2f} at {outcome.combined_odds:.3f}{note}")
    console.print(f"  policy decision {outcome.decision_id or '-'} · bundle {outcome.bundle_hash or '-'}")
    for leg in outcome.legs:
        console.print(f"  {_leg_text(leg, teams)}")


def _strategy_lines(report: PipelineReport) -> list[str]:
    """Each league's strategy and the backtest figures it was chosen on (or why nothing is bet)."""
    if report.strategy is None:
        return []
    lines = []
    for choice in report.strategy.leagues:
        figures = ""
        if choice.backtest_id is not None and choice.clv_mean is not None:
            share = "—" if choice.clv_positive_share is None else f"{choice.clv_positive_share:.1%}"
            roi = "—" if choice.roi is None else f"{choice.roi:+.2%}"
            seasons = f"{choice.first_season} to {choice.last_season}"
            figures = (f" · backtest {choice.backtest_id} ({seasons}): {choice.bets} bets, "
                       f"mean CLV {choice.clv_mean:+.2%}, CLV > 0 {share}, ROI {roi}")  # fmt: skip
        used = choice.strategy or "none (nothing is bet)"
        lines.append(f"strategy {choice.league}: {used} — {choice.reason}{figures}")
    return lines


def _summary_lines(report: PipelineReport) -> list[str]:
    plan, limits = report.quote.plan, report.quote.limits
    ingested = ", ".join(
        f"{s.source}: {s.fixtures} new fixtures ({s.total_fixtures} stored)" for s in report.ingested
    )
    champions = ", ".join(f"{m.name} v{m.version}" for m in report.champions) or "none"
    settlement = _settlement(report)
    clv = settlement["mean_closing_line_value"]
    lines = [
        f"as of {report.as_of.isoformat()} · ingested: {ingested or 'nothing'}",
        f"settled {settlement['settled']} tickets, payout {settlement['total_payout']}"
        + ("" if clv is None else f", mean closing-line value {clv:+.4f}"),
        f"features {report.features.feature_set}: {report.features.computed} rows · champions: {champions}"
        + (f" (trained: {', '.join(report.trained_leagues)})" if report.trained_leagues else ""),
        *_strategy_lines(report),
        f"{len(report.fixtures)} fixtures · {sum(f.markets for f in report.fixtures)} predictions stored · "
        f"{report.selections} priced selections · {len(report.edges.edges)} with a positive edge"
        + "".join(f" · {note}" for note in sorted({f.note for f in report.fixtures if f.note})),
        f"portfolio: {plan.status}, {'proven optimal' if plan.optimal else 'not proven optimal'}, "
        f"expected log growth {plan.expected_log_growth:.6f} (greedy Kelly {plan.baseline_log_growth:.6f})"
        + (f" · {plan.reason}" if plan.reason else ""),
    ]
    if limits is not None:
        verdict = "allow" if limits.allow else f"deny ({', '.join(limits.reasons)})"
        lines.append(f"policy on the house account: {verdict} · decision {limits.decision_id} · "
                     f"bundle {limits.bundle_hash}")  # fmt: skip
    lines.append(f"issued {len(report.issued)} tickets, total stake {report.total_stake:.2f}")
    lines.append(_placement_line(report))
    return lines


def _ticket(outcome: IssueOutcome) -> dict[str, Any]:
    return {
        "ticket_id": outcome.ticket_id,
        "stake": str(outcome.stake),
        "odds": str(outcome.combined_odds),
        "decision_id": outcome.decision_id,
        "bundle_hash": outcome.bundle_hash,
        "replayed": outcome.replayed,
        "refusals": list(outcome.refusals),
        "legs": [_json(asdict(leg)) for leg in outcome.legs],
    }


def _leg_text(leg: TicketLeg, teams: dict[str, str]) -> str:
    line = "" if leg.line is None else f" {leg.line}"
    fixture = teams.get(leg.fixture_id, leg.fixture_id)
    return f"{fixture}: {leg.market} {leg.selection}{line} @ {leg.odds} ({leg.bookmaker})"


def _json(values: dict[str, Any]) -> dict[str, Any]:
    """Decimals as strings (money is never a float), tuples as lists."""
    return {key: _plain(value) for key, value in values.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value
