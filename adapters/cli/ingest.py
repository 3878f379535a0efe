"""`stakewise ingest SOURCE [LOCATOR]`: load data through a data-source plugin (bronze → silver → quarantine).

    stakewise ingest football-data PATH_OR_URL      a CSV file, a folder of them, or an http(s) URL
    stakewise ingest odds-api PATH_OR_URL           The Odds API v4 JSON
    stakewise ingest synthetic --seasons N --seed S a generated league (--around today: placed live today)
    stakewise ingest weather PATH_OR_URL --team T   Open-Meteo hourly JSON at team T's home ground
    stakewise ingest availability PATH_OR_URL       injuries and suspensions (docs/plugins.md)

Any source a plugin provides is ingested the same way. A progress bar goes to standard error, the summary
to standard output (`--json`: one JSON object). Exit 2 when the input is bad (a missing file, an unreadable
payload: the summary still lists what was stored).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from rich.table import Table

from adapters.cli.errors import EXIT_OK, EXIT_USAGE, UsageError
from adapters.cli.ingest_progress import RichIngestProgress
from adapters.cli.output import emit, stderr_console
from adapters.cli.parser import add_json_flag
from application.pipeline.sources import PayloadError
from application.use_cases.ingest_source import IngestRequest, IngestSource, IngestSummary

if TYPE_CHECKING:
    from rich.console import Console

    from adapters.cli.services import CliServices

SubParsers = Any  # argparse's _SubParsersAction is private
SYNTHETIC = "synthetic"
WEATHER = "weather"


def add_commands(commands: SubParsers, services: CliServices) -> None:
    parser = commands.add_parser(
        "ingest",
        help="load data through a data-source plugin (football-data, odds-api, synthetic, weather, ...)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("source", metavar="SOURCE", help="data source name (see `stakewise plugins list`)")
    parser.add_argument("locator", metavar="PATH_OR_URL", nargs="?", help="a file, a folder or a URL")
    parser.add_argument("--seasons", type=_positive, default=None, help="synthetic: seasons to generate")
    parser.add_argument("--seed", type=int, default=None, help="synthetic: random seed")
    parser.add_argument("--teams", type=_positive, default=None, help="synthetic: teams in the league")
    parser.add_argument(
        "--around",
        metavar="DATE|today",
        default=None,
        help="synthetic: place the league live on that date (finished before it, upcoming and priced after)",
    )
    parser.add_argument("--team", default=None, help="weather: the team whose home ground the series is at")
    add_json_flag(parser)
    parser.set_defaults(handler=lambda args: _ingest(args, services))


def _ingest(args: argparse.Namespace, services: CliServices) -> int:
    request = IngestRequest(source=args.source, locator=_locator(args))
    progress = RichIngestProgress(stderr_console())
    use_case = services.use_cases()(IngestSource, progress=progress)
    try:
        with progress:
            summary = asyncio.run(use_case.execute(request))
    except PayloadError as error:
        raise UsageError(f"stakewise ingest: {error}") from None
    emit(args.json, _payload(summary), lambda console: _render(summary, console))
    for rejected in summary.rejected_payloads:
        print(f"stakewise ingest: rejected {rejected.locator}: {rejected.reason}", file=sys.stderr)
    return EXIT_USAGE if summary.rejected_payloads else EXIT_OK


def _locator(args: argparse.Namespace) -> str:
    if args.source == SYNTHETIC:
        if args.locator:
            raise UsageError(
                "stakewise ingest synthetic: takes no PATH_OR_URL (use --seasons, --seed, --teams, --around)"
            )
        options = {"seasons": args.seasons, "seed": args.seed, "teams": args.teams, "around": args.around}
        return ",".join(f"{name}={value}" for name, value in options.items() if value is not None)
    if not args.locator:
        raise UsageError(f"stakewise ingest {args.source}: PATH_OR_URL is required")
    if args.source == WEATHER and args.team:
        return f"{args.locator}#team={args.team}"
    return str(args.locator)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def _payload(summary: IngestSummary) -> dict[str, Any]:
    payload = asdict(summary)
    payload["rejected_payloads"] = [asdict(rejected) for rejected in summary.rejected_payloads]
    return payload


def _render(summary: IngestSummary, console: Console) -> None:
    table = Table(title=f"ingest {summary.source} · {summary.locator}", show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    for label, value in (
        ("payloads (new batches)", f"{summary.payloads:,} ({summary.new_batches:,})"),
        ("source rows", f"{summary.source_rows:,}"),
        ("fixtures inserted or changed", f"{summary.fixtures:,}"),
        ("results inserted or changed", f"{summary.results:,}"),
        ("odds rows inserted or changed", f"{summary.odds_rows:,}"),
        ("new teams", f"{summary.teams:,}"),
        ("weather reports", f"{summary.weather:,}"),
        ("availability rows", f"{summary.availability:,}"),
        ("rows quarantined", f"{summary.quarantined:,}"),
        ("empty rows", f"{summary.empty_rows:,}"),
        ("fixtures stored in total", f"{summary.total_fixtures:,}"),
    ):
        table.add_row(label, value)
    for reason, count in summary.quarantined_by_reason.items():
        table.add_row(f"  quarantined: {reason}", f"{count:,}")
    console.print(table)
