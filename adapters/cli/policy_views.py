"""JSON payloads and readable renderings of policy decisions, test reports and bundles."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.table import Table

if TYPE_CHECKING:
    from rich.console import Console

    from application.ports.policy_bundle import BundleDescription
    from application.ports.policy_test_runner import PolicyTestReport
    from application.use_cases.replay_decision import Replay
    from application.use_cases.run_policy_tests import PolicyTestOutcome
    from domain.compliance import PolicyDecision, PolicyLimits


def decision_payload(decision: PolicyDecision) -> dict[str, Any]:
    return {
        "decision_id": decision.decision_id or None,
        "allow": decision.allow,
        "reasons": [
            {"rule": reason.rule, "message": reason.message, "figure": reason.figure}
            for reason in decision.reasons
        ],
        "limits": limits_payload(decision.limits),
        "bundle_hash": decision.bundle_hash or None,
    }


def limits_payload(limits: PolicyLimits) -> dict[str, Any]:
    amounts = {
        "max_stake_per_ticket": limits.max_stake_per_ticket,
        "remaining_loss_allowance": limits.remaining_loss_allowance,
        "remaining_deposit_allowance": limits.remaining_deposit_allowance,
    }
    return {
        **{name: None if value is None else str(value) for name, value in amounts.items()},
        "banned_markets": sorted(limits.banned_markets),
    }


def render_decision(decision: PolicyDecision, console: Console) -> None:
    verdict = "[green]ALLOW[/green]" if decision.allow else "[red]DENY[/red]"
    console.print(
        f"{verdict}  decision {decision.decision_id or '-'}  bundle {decision.bundle_hash[:12] or '-'}"
    )
    if decision.reasons:
        table = Table("rule", "figure", "message", title="reasons")
        for reason in decision.reasons:
            table.add_row(reason.rule, reason.figure or "", reason.message)
        console.print(table)
    limits = limits_payload(decision.limits)
    for name, value in limits.items():
        shown = ", ".join(value) if isinstance(value, list) else ("no limit" if value is None else value)
        console.print(f"  {name}: {shown or '-'}")


def tests_payload(outcome: PolicyTestOutcome) -> dict[str, Any]:
    report = outcome.report
    return {
        "ok": outcome.ok,
        "passed": report.passed,
        "failed": report.failed,
        "coverage": round(report.coverage_percent, 2),
        "minimum_coverage": outcome.minimum_coverage,
        "tests": [
            {"file": r.file, "package": r.package, "name": r.name, "passed": r.passed, "error": r.error}
            for r in report.results
        ],
        "files": [
            {
                "path": f.path,
                "coverage": round(f.percent, 2),
                "covered_lines": f.covered_lines,
                "not_covered_lines": list(f.not_covered_lines),
            }
            for f in report.coverage
        ],
    }


def render_test_report(outcome: PolicyTestOutcome, console: Console) -> None:
    report: PolicyTestReport = outcome.report
    for result in report.results:
        mark = "[green]PASS[/green]" if result.passed else "[red]FAIL[/red]"
        console.print(f"{mark} {result.package}.{result.name}", highlight=False)
        if result.error:
            console.print(f"     {result.error}", markup=False)
    table = Table("file", "coverage", "lines not covered", title="coverage")
    for file in report.coverage:
        missing = ", ".join(str(line) for line in file.not_covered_lines)
        table.add_row(file.path, f"{file.percent:.1f} %", missing)
    console.print(table)
    console.print(
        f"{report.passed} passed, {report.failed} failed; coverage {report.coverage_percent:.1f} % "
        f"(minimum {outcome.minimum_coverage:.0f} %)"
    )


def bundle_payload(bundle: BundleDescription, exported_to: str | None) -> dict[str, Any]:
    return {
        "location": bundle.location,
        "hash": bundle.hash,
        "jurisdictions": list(bundle.jurisdictions),
        "files": [{"path": file.path, "sha256": file.sha256} for file in bundle.files],
        "exported_to": exported_to,
    }


def render_bundle(bundle: BundleDescription, exported_to: str | None, console: Console) -> None:
    console.print(f"policy bundle at {bundle.location}", markup=False)
    for file in bundle.files:
        console.print(f"{file.sha256}  {file.path}", markup=False, highlight=False)
    console.print(f"bundle hash {bundle.hash}")
    if exported_to:
        console.print(f"OPA bundle archive written to {exported_to}", markup=False)


def replay_payload(replay: Replay) -> dict[str, Any]:
    return {
        "decision_id": replay.stored.decision_id,
        "same_answer": replay.same_answer,
        "same_bundle": replay.same_bundle,
        "differences": list(replay.differences),
        "recorded": {**decision_payload(replay.recorded), "created_at": replay.stored.created_at.isoformat()},
        "replayed": decision_payload(replay.replayed),
    }


def render_replay(replay: Replay, console: Console) -> None:
    recorded, replayed = replay.recorded, replay.replayed
    console.print(f"decision {replay.stored.decision_id} of {replay.stored.created_at.isoformat()}")
    console.print(f"  recorded: {'allow' if recorded.allow else 'deny'} with bundle {recorded.bundle_hash}")
    console.print(f"  replayed: {'allow' if replayed.allow else 'deny'} with bundle {replayed.bundle_hash}")
    if replay.same_answer:
        console.print("[green]same answer[/green]: allow, reasons and limits match")
    else:
        console.print("[red]different answer[/red]:")
        for difference in replay.differences:
            console.print(f"  - {difference}", markup=False)
    if not replay.same_bundle:
        console.print("[yellow]the policy bundle changed since the decision[/yellow]")
