"""`stakewise audit verify`: check the audit log's hash chain and the decisions it vouches for."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from adapters.cli.errors import EXIT_FAILURE, EXIT_OK
from adapters.cli.output import emit
from adapters.cli.parser import add_json_flag
from application.use_cases.verify_audit_log import AuditVerification, VerifyAuditLog

if TYPE_CHECKING:
    import argparse

    from rich.console import Console

    from adapters.cli.services import CliServices

SubParsers = Any  # argparse's _SubParsersAction is private


def add_commands(commands: SubParsers, services: CliServices) -> None:
    audit = commands.add_parser("audit", help="the audit log")
    audit_commands = audit.add_subparsers(dest="audit_command", required=True, metavar="COMMAND")
    verify = audit_commands.add_parser("verify", help="verify the hash chain; name the first altered entry")
    add_json_flag(verify)
    verify.set_defaults(handler=lambda args: _verify(args, services))


def _verify(args: argparse.Namespace, services: CliServices) -> int:
    verification = asyncio.run(services.use_cases()(VerifyAuditLog).execute())
    emit(args.json, _payload(verification), lambda console: _render(verification, console))
    return EXIT_OK if verification.intact else EXIT_FAILURE


def _payload(verification: AuditVerification) -> dict[str, Any]:
    broken = verification.broken
    return {
        "intact": verification.intact,
        "entries": verification.entries,
        "decisions_checked": verification.decisions_checked,
        "first_altered": None if broken is None else {"seq": broken.seq, "problem": broken.problem},
        "altered_decisions": [
            {"decision_id": d.decision_id, "audit_seq": d.audit_seq, "problem": d.problem}
            for d in verification.altered_decisions
        ],
        "checkpoint": None
        if verification.checkpoint is None
        else {"seq": verification.checkpoint.seq, "hash": verification.checkpoint.hash},
        "checkpoint_problem": verification.checkpoint_problem,
        "problems": list(verification.problems),
        "unkeyed_entries": verification.unkeyed,
    }


def _render(verification: AuditVerification, console: Console) -> None:
    counts = f"{verification.entries} entries, {verification.decisions_checked} decisions checked"
    if verification.checkpoint is not None:
        counts += f", checkpoint at seq {verification.checkpoint.seq}"
    if verification.unkeyed:
        counts += f", {verification.unkeyed} early entries unkeyed"
    if verification.intact:
        console.print(f"[green]audit log intact[/green]: {counts}")
        return
    console.print(f"[red]audit log altered[/red]: {counts}")
    if verification.broken is not None:
        console.print(f"first altered entry: seq {verification.broken.seq}: {verification.broken.problem}")
    if verification.checkpoint_problem is not None:
        console.print(f"checkpoint: {verification.checkpoint_problem}", markup=False)
    for decision in verification.altered_decisions:
        console.print(f"policy decision {decision.decision_id}: {decision.problem}", markup=False)
    for problem in verification.problems:
        console.print(problem, markup=False)
