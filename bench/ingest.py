"""Benchmark of the football-data ingest against a raw asyncpg COPY of the same rows.

    .venv/bin/python -m bench.ingest                                   # the whole shared set
    .venv/bin/python -m bench.ingest --data ../shared/data/football-data/E0 --no-pool

1. Start a throwaway embedded PostgreSQL in a temporary folder (durable, like ./var's) and migrate two
   empty databases (`upgrade head`, timed).
2. Ingest: the IngestSource use case with the football-data plugin on the PostgreSQL unit of work, into
   the first database; then the same files again (nothing changes, so nothing may be written).
   `--no-pool` opens a connection per unit of work, as the one-shot `stakewise ingest` command does.
3. COPY: every row the ingest stored (raw batches, competitions, seasons, teams, aliases, fixtures,
   results, odds quotes, quarantine) read back and written by asyncpg's copy_records_to_table into the
   second database, same schema and indexes, one transaction; only the COPY calls are timed.

The goal: the first ingest within 3x of the COPY. Data: ../shared/data/football-data
(football-data.co.uk, credit them); skipped with a message if absent.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import asyncpg
from rich.console import Console
from rich.table import Table

from adapters.persistence.engine import create_engine
from adapters.persistence.migrate import upgrade_to_head_blocking
from adapters.persistence.schema.pipeline import (
    competitions,
    fixtures,
    odds_quotes,
    quarantine,
    raw_batches,
    results,
    seasons,
    team_aliases,
    teams,
)
from application.use_cases.ingest_source import IngestRequest, IngestSource, IngestSummary
from bootstrap.container import container_on
from bootstrap.services.postgres import EmbeddedPostgres, Postmaster

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "football-data"
COPIED_TABLES = (
    raw_batches,
    competitions,
    seasons,
    teams,
    team_aliases,
    fixtures,
    results,
    odds_quotes,
    quarantine,
)
CHUNK = 100_000
GOAL = 3.0


@dataclass(frozen=True)
class Timing:
    step: str
    seconds: float
    fixtures: int
    odds_rows: int


def main(argv: list[str] | None = None) -> int:
    options = _options(argv)
    data = options.data.resolve()
    if not data.exists():
        print(f"bench.ingest skipped: no data at {data} (see ../shared/data/README.md)", file=sys.stderr)
        return 0
    folder = Path(tempfile.mkdtemp(prefix="stakewise-bench-"))
    server = EmbeddedPostgres(folder / "pg")
    try:
        postmaster = server.start()
        migration = _migrate(server, postmaster, ("ingested", "copied"))
        timings = asyncio.run(_measure(postmaster, str(data), pooled=not options.no_pool))
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    _report(data, migration, timings, pooled=not options.no_pool)
    return 0


def _options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="a football-data folder or file")
    parser.add_argument("--no-pool", action="store_true", help="a new connection per unit of work")
    return parser.parse_args(argv)


def _migrate(server: EmbeddedPostgres, postmaster: Postmaster, names: tuple[str, ...]) -> float:
    for name in names:
        server.create_database(name)
    started = time.perf_counter()
    upgrade_to_head_blocking(postmaster.url(names[0]))
    seconds = time.perf_counter() - started
    for name in names[1:]:
        upgrade_to_head_blocking(postmaster.url(name))
    return seconds


async def _measure(postmaster: Postmaster, locator: str, *, pooled: bool) -> list[Timing]:
    first = await _ingest(postmaster.url("ingested"), locator, pooled, "ingest (empty database)")
    again = await _ingest(postmaster.url("ingested"), locator, pooled, "ingest again (nothing changes)")
    copy = await _copy(postmaster, first)
    return [copy, first, again]


async def _ingest(url: str, locator: str, pooled: bool, step: str) -> Timing:
    engine = create_engine(url, pooled=pooled)
    use_case = container_on(engine).use_cases()(IngestSource)
    _progress(f"{step}: {locator}")
    try:
        started = time.perf_counter()
        summary: IngestSummary = await use_case.execute(IngestRequest("football-data", locator))
        seconds = time.perf_counter() - started
    finally:
        await engine.dispose()
    _progress(
        f"  {summary.fixtures} fixtures, {summary.odds_rows} odds rows, {summary.quarantined} quarantined"
    )
    return Timing(step, seconds, summary.fixtures, summary.odds_rows)


async def _copy(postmaster: Postmaster, ingested: Timing) -> Timing:
    source = await asyncpg.connect(_dsn(postmaster, "ingested"))
    target = await asyncpg.connect(_dsn(postmaster, "copied"))
    seconds = 0.0
    try:
        async with source.transaction(), target.transaction():
            for table in COPIED_TABLES:
                _progress(f"asyncpg COPY: {table.name}")
                columns = [column.name for column in table.columns]
                quoted = ", ".join(f'"{name}"' for name in columns)
                cursor = await source.cursor(f"SELECT {quoted} FROM {table.name}")
                while rows := await cursor.fetch(CHUNK):
                    started = time.perf_counter()
                    await target.copy_records_to_table(table.name, records=rows, columns=columns)
                    seconds += time.perf_counter() - started
        copied_odds = await target.fetchval("SELECT count(*) FROM odds_quotes")
        copied_fixtures = await target.fetchval("SELECT count(*) FROM fixtures")
    finally:
        await source.close()
        await target.close()
    if (copied_fixtures, copied_odds) != (ingested.fixtures, ingested.odds_rows):
        raise SystemExit(
            f"the COPY holds {copied_fixtures} fixtures and {copied_odds} odds rows, not the same rows"
        )
    return Timing("asyncpg COPY of the same rows", seconds, copied_fixtures, copied_odds)


def _dsn(postmaster: Postmaster, database: str) -> str:
    return f"postgresql://postgres@/{database}?host={postmaster.socket_dir}"


def _report(data: Path, migration: float, timings: list[Timing], *, pooled: bool) -> None:
    copy, first = timings[0], timings[1]
    connections = "pooled connections" if pooled else "a new connection per unit of work"
    load = os.getloadavg()[0]
    table = Table(
        title=f"ingest of {data}\n({connections}; load average {load:.1f} on {os.cpu_count()} cores)"
    )
    for column in ("step", "seconds", "matches/s", "odds rows/s", "x COPY"):
        table.add_column(column, justify="left" if column == "step" else "right")
    for timing in timings:
        # rates over the data set's rows, also for the run that writes none of them
        table.add_row(
            timing.step,
            f"{timing.seconds:.1f}",
            f"{first.fixtures / timing.seconds:,.0f}",
            f"{first.odds_rows / timing.seconds:,.0f}",
            f"{timing.seconds / copy.seconds:.2f}",
        )
    table.add_row("migrate an empty database (upgrade head)", f"{migration:.2f}", "", "", "")
    console = Console()
    console.print(table)
    ratio = first.seconds / copy.seconds
    verdict = "met" if ratio <= GOAL else "NOT met"
    console.print(
        f"goal, first ingest within {GOAL:.0f}x of COPY: {verdict} ({ratio:.2f}x) for "
        f"{first.fixtures} fixtures and {first.odds_rows} odds rows"
    )


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
