"""`stakewise run | worker | schedule create`: the durable pipeline on Temporal.

    stakewise run [--source NAME [LOCATOR]]... [--as-of TIME]   the pipeline workflow, end to end
    stakewise worker                                            a worker (scale out by starting more)
    stakewise schedule create [--cron "0 6 * * *"]              the pipeline every day

With STAKEWISE_TEMPORAL_ADDRESS unset, the embedded Temporal dev server is started under ./var (and
stopped after a one-shot command). Progress goes to standard error; the report to standard output
(`--json`: one JSON document). Temporal unreachable: exit 1 naming the address, nothing issued.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Protocol

from temporalio.client import WorkflowFailureError

from adapters.cli.errors import EXIT_FAILURE, EXIT_OK, UsageError
from adapters.cli.output import emit
from adapters.cli.parser import add_json_flag
from adapters.cli.pipeline_view import render_report, report_payload
from adapters.cli.progress import StepProgress
from adapters.policy.bundle import PolicyDirectory
from adapters.temporal.runner import PipelineRun, PipelineRunner, default_workflow_id
from adapters.temporal.schedules import DAILY, PipelineSchedules, ScheduleRequest
from application.use_cases.ensure_house_account import HouseAccountRequest
from workflows.pipeline.messages import (
    DEFAULT_HORIZON_HOURS,
    DEFAULT_MODEL,
    HouseAccount,
    PipelineInput,
    SourceRequest,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from adapters.temporal.worker_host import WorkerHost

SubParsers = Any  # argparse's _SubParsersAction is private
DEFAULT_SOURCE = SourceRequest("synthetic", "seasons=3,seed=42,around=today")  # live on the day it runs
UNSET_ACCOUNT = HouseAccount("", "", "")  # replaced by the house account once it is made sure of


class WorkflowCommandDeps(Protocol):
    @property
    def pipeline_runner(self) -> Callable[[], PipelineRunner]: ...

    @property
    def workflow_worker(self) -> Callable[[], WorkerHost]: ...

    @property
    def pipeline_schedules(self) -> Callable[[], PipelineSchedules]: ...


def add_commands(commands: SubParsers, services: WorkflowCommandDeps) -> None:
    _add_run(commands, services)
    worker = commands.add_parser("worker", help="a Temporal worker for the pipeline, training and settlement")
    worker.set_defaults(handler=lambda args: _worker(services))
    schedule = commands.add_parser("schedule", help="schedules of the pipeline workflow")
    actions = schedule.add_subparsers(dest="schedule_command", required=True, metavar="COMMAND")
    create = actions.add_parser("create", help="run the pipeline workflow every day (a Temporal schedule)")
    create.add_argument("--id", default="pipeline-daily", help="schedule id (default pipeline-daily)")
    create.add_argument("--cron", default=DAILY, help=f"cron expression in UTC (default {DAILY!r})")
    _add_pipeline_options(create)
    add_json_flag(create)
    create.set_defaults(handler=lambda args: _schedule(args, services))


def _add_run(commands: SubParsers, services: WorkflowCommandDeps) -> None:
    run = commands.add_parser("run", help="the pipeline workflow end to end: data in, compliant tickets out")
    run.add_argument(
        "--as-of",
        type=_moment,
        default=None,
        metavar="TIME",
        help="bet on fixtures after this time, ISO 8601 (default: now)",
    )
    run.add_argument(
        "--workflow-id",
        default=None,
        help="the run's id: the same id gives that run's report, never a second run",
    )
    run.add_argument(
        "--no-worker",
        action="store_true",
        help="start no worker in this process (rely on `stakewise worker`)",
    )
    _add_pipeline_options(run)
    add_json_flag(run)
    run.set_defaults(handler=lambda args: _run(args, services))


def _add_pipeline_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--source",
        nargs="+",
        action="append",
        metavar=("NAME", "LOCATOR"),
        help=f"a data source to ingest first, repeatable (default: synthetic {DEFAULT_SOURCE.locator})",
    )
    parser.add_argument("--skip-ingest", action="store_true", help="use the data already stored")
    parser.add_argument(
        "--horizon-hours",
        type=_positive_float,
        default=DEFAULT_HORIZON_HOURS,
        help=f"bet on fixtures kicking off within H hours (default {DEFAULT_HORIZON_HOURS:g})",
        metavar="H",
    )
    parser.add_argument(
        "--model", default=DEFAULT_MODEL, help=f"model whose champions predict (default {DEFAULT_MODEL})"
    )
    parser.add_argument(
        "--max-legs",
        type=int,
        default=2,
        choices=range(1, 7),
        metavar="K",
        help="legs per ticket at most (default 2)",
    )
    parser.add_argument("--jurisdiction", default="GB", help="the house customer's jurisdiction when created")
    parser.add_argument(
        "--currency",
        help="the house bankroll's currency when created (default: the jurisdiction's, from its policy data)",
    )
    parser.add_argument(
        "--bankroll",
        type=_amount,
        default=Decimal("10000.00"),
        metavar="AMOUNT",
        help="the house bankroll's opening balance, when created (default 10000.00)",
    )


def _run(args: argparse.Namespace, services: WorkflowCommandDeps) -> int:
    plan = PipelineRun(
        workflow_id=args.workflow_id or default_workflow_id(datetime.now(UTC)),
        pipeline=_pipeline(args, args.as_of),
        house=_house(args),
        in_process_worker=not args.no_worker,
    )
    _log(f"pipeline workflow {plan.workflow_id}")
    try:
        with StepProgress(f"pipeline workflow {plan.workflow_id}") as progress:
            report = asyncio.run(services.pipeline_runner().run(plan, progress.step))
    except WorkflowFailureError as failure:
        print(
            f"stakewise: the pipeline workflow {plan.workflow_id} failed: {_root_cause(failure)}\n"
            "(a failed run keeps its id: start the pipeline again with another --workflow-id)",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    emit(args.json, report_payload(report), lambda out: render_report(report, out))
    return EXIT_OK


def _worker(services: WorkflowCommandDeps) -> int:
    async def serve() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signal_number in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signal_number, stop.set)
        await services.workflow_worker().serve(
            stop,
            lambda address, queue: _log(f"worker on {address}, task queue {queue}: Ctrl-C stops it"),
        )

    asyncio.run(serve())
    _log("worker stopped")
    return EXIT_OK


def _schedule(args: argparse.Namespace, services: WorkflowCommandDeps) -> int:
    request = ScheduleRequest(args.id, args.cron, _pipeline(args, None), _house(args))
    created = asyncio.run(services.pipeline_schedules().create(request))
    payload = {
        "schedule_id": created.schedule_id,
        "cron": created.cron,
        "address": created.address,
        "updated": created.updated,
    }
    verb = "updated" if created.updated else "created"
    message = (
        f"schedule {created.schedule_id} {verb} on {created.address}: the pipeline runs at {created.cron!r} "
        "(UTC) while a Temporal server and a worker run (`stakewise services up`, `stakewise worker`)"
    )
    emit(args.json, payload, lambda out: out.print(message))
    return EXIT_OK


def _log(line: str) -> None:
    """Progress on standard error, one unwrapped line at a time (scripts and tests read it)."""
    print(line, file=sys.stderr, flush=True)


def _pipeline(args: argparse.Namespace, as_of: datetime | None) -> PipelineInput:
    return PipelineInput(
        account=UNSET_ACCOUNT,
        sources=() if args.skip_ingest else _sources(args.source),
        as_of=as_of,
        horizon_hours=args.horizon_hours,
        model=args.model,
        max_legs=args.max_legs,
        strategy_from_backtests=True,
    )


def _sources(given: list[list[str]] | None) -> tuple[SourceRequest, ...]:
    if not given:
        return (DEFAULT_SOURCE,)
    sources = []
    for values in given:
        if len(values) > 2:
            raise UsageError(f"stakewise run: --source takes a NAME and at most one LOCATOR, not {values}")
        sources.append(SourceRequest(values[0], values[1] if len(values) == 2 else ""))
    return tuple(sources)


def _house(args: argparse.Namespace) -> HouseAccountRequest:
    """The house bankroll counts in its customer's jurisdiction's currency (policies refuse a mismatch)."""
    request = HouseAccountRequest(jurisdiction=args.jurisdiction, starting_balance=args.bankroll)
    data = PolicyDirectory().jurisdictions().get(args.jurisdiction, {})
    return replace(request, currency=args.currency or data.get("currency") or request.currency)


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"invalid --as-of {text!r}: expected ISO 8601, e.g. 2024-04-19T12:00Z"
        ) from error
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value > 0:
        raise argparse.ArgumentTypeError(f"invalid value {text!r}: must be a positive number")
    return value


def _amount(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation as error:
        raise argparse.ArgumentTypeError(f"invalid amount {text!r}: expected e.g. 10000.00") from error
    return value


def _root_cause(failure: BaseException) -> str:
    cause: BaseException = failure
    while cause.__cause__ is not None:
        cause = cause.__cause__
    return str(cause) or type(cause).__name__
