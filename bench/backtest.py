"""Backtest timings: one league × 10 seasons in process, then three leagues on Temporal with 1 and 2 workers.

    .venv/bin/python -m bench.backtest [--data PATH] [--staking optimizer|kelly|flat] [--skip-workers]

Prints one table: the wall time of E0 2015-2016 to 2024-2025 in this process (the default strategy,
market-consensus), then E0, D1 and F1 over the same seasons as a Temporal workflow whose league-seasons run
on 1, then 2, `stakewise worker` processes (a dev server of its own, started and stopped here), with the
bets and mean CLV of each run (the runs must agree). Last, whether the `sports-betting` package
(PyPI, in BENCH_VENV) can run the same seasons offline from the local files, or why not.
Data: ../shared/data/football-data (football-data.co.uk, credit them); skipped with a message if absent.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from dependency_injector import providers
from rich.console import Console
from rich.table import Table

from adapters.temporal.backtest_runner import TemporalBacktest
from adapters.temporal.connection import TemporalConnection
from application.backtest.engine import BacktestSettings, Staking
from application.backtest.figures import figures
from application.ports.progress import SilentProgress
from application.use_cases.run_backtest import BacktestRequest
from bootstrap.container import Container
from bootstrap.services.temporal_server import TemporalDevServer, free_port
from plugins.manager import PluginHost

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "football-data"
SEASONS = ("2015-2016", "2024-2025")
LEAGUES = ("E0", "D1", "F1")
QUEUE = "bench-backtest"
BENCH_VENV = Path(os.environ.get("BENCH_VENV", "/tmp/bench-venv"))  # noqa: S108  a reusable venv; BENCH_VENV moves it
STAKEWISE = Path(sys.executable).with_name("stakewise")


def _request(
    leagues: tuple[str, ...], staking: Staking, seasons: tuple[str, str] = SEASONS
) -> BacktestRequest:
    return BacktestRequest(leagues, *seasons, settings=BacktestSettings(staking=staking))


def in_process(data: str, staking: Staking) -> tuple[float, dict[str, Any]]:
    factory = Container(plugin_host=providers.Object(PluginHost())).backtest_services()
    started = time.perf_counter()
    report = asyncio.run(
        factory.run_backtest(data, SilentProgress(), False).execute(_request(("E0",), staking))
    )
    return time.perf_counter() - started, dict(report.document)


def on_workers(
    data: str, staking: Staking, workers: int, address: str, seasons: tuple[str, str]
) -> tuple[float, dict[str, Any]]:
    environment = {
        **os.environ,
        "STAKEWISE_TEMPORAL_ADDRESS": address,
        "STAKEWISE_TEMPORAL_TASK_QUEUE": QUEUE,
    }
    processes = [
        subprocess.Popen(
            [str(STAKEWISE), "worker"],
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(workers)
    ]
    try:
        time.sleep(3)  # the workers connect and start polling
        connection = TemporalConnection(lambda: address, task_queue=QUEUE)
        runner = TemporalBacktest(connection, list, list, in_process_worker=False)
        started = time.perf_counter()
        seasons_run = asyncio.run(runner.seasons(_request(LEAGUES, staking, seasons), data))
        elapsed = time.perf_counter() - started
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait(timeout=60)
    found = figures(seasons_run.runs)
    used = len(set(seasons_run.workers.values()))
    return elapsed, {
        "bets": found.bets,
        "clv_mean": found.clv_mean,
        "units": len(seasons_run.runs),
        "used": used,
    }


def sports_betting() -> str:
    python = BENCH_VENV / "bin" / "python"
    if not python.exists():
        return (f"not run: no {python} (python3 -m venv {BENCH_VENV} && {BENCH_VENV}/bin/pip install "
                "sports-betting). Even installed it cannot run these seasons offline: its SoccerDataLoader "
                "scrapes football-data.co.uk's index pages and reads each season's CSV by URL; it has no "
                "way to read the local files")  # fmt: skip
    script = (
        "from sportsbet.datasets import SoccerDataLoader\n"
        "grid = {'league': ['England'], 'division': [1], 'year': [2016]}\n"
        "SoccerDataLoader(grid).extract_train_data()"
    )
    try:
        done = subprocess.run([str(python), "-c", script], capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        return "sports-betting did not finish loading one season in 120 s (it waits on the network)"
    if done.returncode == 0:
        return "sports-betting loaded E0 2015/16: this machine reaches football-data.co.uk (not offline)"
    last = (done.stderr.strip().splitlines() or ["no message"])[-1]
    return (
        f"sports-betting cannot run offline: its loader downloads from football-data.co.uk and failed: {last}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DATA))
    parser.add_argument("--staking", choices=[s.value for s in Staking], default=Staking.OPTIMIZER.value)
    parser.add_argument("--skip-workers", action="store_true", help="only the in-process league")
    parser.add_argument("--skip-in-process", action="store_true", help="only the runs on workers")
    parser.add_argument("--worker-seasons", default=":".join(SEASONS), metavar="FIRST:LAST",
                        help="seasons of the three leagues on the workers (default the ten)")  # fmt: skip
    args = parser.parse_args()
    console = Console()
    if not Path(args.data).is_dir():
        console.print(f"skipped: no data folder at {args.data} (the shared football-data files)")
        return
    staking = Staking(args.staking)
    ten = f"{SEASONS[0]} to {SEASONS[1]}"
    table = Table(title=f"backtest market-consensus, staking {staking.value} (E0 in process: {ten})")
    for column in ("run", "league-seasons", "workers used", "wall seconds", "bets", "mean CLV"):
        table.add_column(column, justify="right")
    if not args.skip_in_process:
        seconds, document = in_process(args.data, staking)
        units, bets = str(len(document["units"])), str(document["bets"])
        table.add_row("E0 in process", units, "", f"{seconds:.1f}", bets, f"{document['clv_mean']:+.4f}")
    first, _, last = args.worker_seasons.partition(":")
    if not args.skip_workers:
        state = Path(tempfile.mkdtemp(prefix="bench-temporal-"))
        server = TemporalDevServer(state)
        try:
            address = server.start(port=free_port()).address
            for workers in (1, 2):
                seconds, found = on_workers(args.data, staking, workers, address, (first, last or first))
                label = (
                    f"E0, D1, F1 {first} to {last or first} on {workers} worker{'s' if workers > 1 else ''}"
                )
                table.add_row(label, str(found["units"]), str(found["used"]), f"{seconds:.1f}",
                              str(found["bets"]), f"{found['clv_mean']:+.4f}")  # fmt: skip
        finally:
            server.stop()
            shutil.rmtree(state, ignore_errors=True)
    console.print(table)
    console.print(sports_betting())


if __name__ == "__main__":
    main()
