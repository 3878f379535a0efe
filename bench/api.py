"""Benchmark of the partner API with wrk: every scenario of issue #15 side by side in one run, and its goals.

    .venv/bin/python -m bench.api [--seconds 8] [--workers 2] [--bankrolls 8] [--write-docs]

It starts its own embedded PostgreSQL (a temporary folder), migrates it and creates a partner, its key,
--bankrolls bankrolls with a customer each for fresh issues and as many again that bench.history fills
with history (10,000 open tickets and 100,000 ledger entries per bankroll, 10,000 movements per customer
in the last 30 days). Then, with wrk (installed with apt-get when missing; 2 threads, 50 connections,
--seconds per row after a --warmup run that is not measured):

- a bare Litestar JSON handler (bench.bare) served by granian as `stakewise serve` serves the API (same
  command, host and worker count), then stopped;
- `stakewise serve --workers N` (the real composition root) and on it `GET /v1/ping`; `POST /v1/tickets`
  on the fresh bankrolls and on those with history (a unique Idempotency-Key per request, one leg at
  odds below the catalogue's stored price, stake 1.00 against a balance of 10^9 with no exposure rule:
  every answer should be 201); `GET /v1/tickets` (the first page); `POST /v1/tickets/quotes` with 50
  proposals on one connection and on 8 (its latency is the wall time of one quote).

It prints one table (rate, p50, p99, non-2xx and socket errors per scenario, and the CPU the machine spent
per answer in all its processes, the rate that CPU allows on its cores and the share of time the hypervisor
stole: bench.machine), the goals of issue #15 with their measured ratios, and the CPU per answer each goal
would allow on this machine; --write-docs puts them in docs/api.md between its bench.api markers. The
rate limit per key is lifted for the run (STAKEWISE_API_RATE_LIMIT / _BURST).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
from rich.console import Console
from rich.table import Table
from sqlalchemy import text

from adapters.http.server import ApiServer
from adapters.persistence.engine import create_engine
from adapters.persistence.migrate import upgrade_to_head_blocking
from application.use_cases.create_api_key import CreateApiKey, CreateApiKeyRequest
from application.use_cases.create_partner import CreatePartner, CreatePartnerRequest
from application.use_cases.open_bankroll import OpenBankroll, OpenBankrollRequest
from application.use_cases.register_customer import RegisterCustomer, RegisterCustomerRequest
from bench import wrk
from bench.catalogue import offer
from bench.history import HistoryTarget, seed_history
from bench.machine import CpuTimes, CpuUse, cpu_budget_ms, rate_bound
from bootstrap.container import container_on
from bootstrap.services.postgres import EmbeddedPostgres
from domain.access import Principal, Role

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

ROOT = Path(__file__).resolve().parents[1]
STAKEWISE = Path(sys.executable).with_name("stakewise")
DOCS = ROOT / "docs" / "api.md"
BEGIN, END = "<!-- bench.api:begin -->", "<!-- bench.api:end -->"
BALANCE = Decimal("1000000000.00")

PING, BARE, ISSUE, HISTORY, LIST, QUOTE, QUOTE_8 = (
    "ping",
    "bare",
    "issue",
    "history",
    "list",
    "quote",
    "quote_8",
)

# the targets of issue #15 that decide a goal and the CPU bound beside it
ISSUE_SHARE_OF_PING = 0.20  # issue rate / ping rate, at least
ISSUE_P99_MS = 250.0  # issue p99, at most
QUOTES_AT_ONCE = 8  # concurrent quotes whose p50 ...
QUOTES_SLOWDOWN = 2.0  # ... is at most this many times one quote's alone

LABELS = {
    BARE: "bare Litestar JSON (bench.bare)",
    PING: "GET /v1/ping",
    ISSUE: "POST /v1/tickets, fresh bankrolls",
    HISTORY: "POST /v1/tickets, with history",
    LIST: "GET /v1/tickets (first page)",
    QUOTE: "POST /v1/tickets/quotes (50 proposals), alone",
    QUOTE_8: f"POST /v1/tickets/quotes (50 proposals), {QUOTES_AT_ONCE} concurrent",
}


@dataclass(frozen=True, slots=True)
class Scenario:
    key: str
    requests: tuple[wrk.HttpRequest, ...]
    connections: int
    threads: int = 2
    idempotent: bool = False


@dataclass(frozen=True, slots=True)
class Pair:
    customer_id: str
    bankroll_id: str
    fixture_id: str


@dataclass(frozen=True, slots=True)
class Goal:
    name: str
    measured: str
    target: str
    passed: bool


# ---- goals ----------------------------------------------------------------------------------------------


def goals(results: Mapping[str, wrk.WrkResult]) -> list[Goal]:
    """The goals of issue #15, each from the results of one run (a missing scenario fails its goals)."""

    def ratio(
        name: str,
        of: float | None,
        to: float | None,
        at_least: float | None,
        at_most: float | None,
        shown: Callable[[float], str],
        target: str,
    ) -> Goal:
        if of is None or to is None or to == 0:
            return Goal(name, "n/a", target, False)
        value = of / to
        passed = (at_least is None or value >= at_least) and (at_most is None or value <= at_most)
        return Goal(name, shown(value), target, passed)

    def rate(key: str) -> float | None:
        return results[key].rate if key in results else None

    def p50(key: str) -> float | None:
        return results[key].p50_ms if key in results and results[key].requests else None

    def percent(value: float) -> str:
        return f"{100 * value:.1f} %"

    issue_p99 = results[ISSUE].p99_ms if ISSUE in results and results[ISSUE].requests else None
    quote_p50 = p50(QUOTE)
    return [
        ratio(
            "issue rate / ping rate",
            rate(ISSUE),
            rate(PING),
            ISSUE_SHARE_OF_PING,
            None,
            percent,
            f">= {100 * ISSUE_SHARE_OF_PING:g} %",
        ),
        _ceiling("issue p99 (fresh)", issue_p99, ISSUE_P99_MS),
        _every_issue_201(results),
        ratio("issue rate with history / fresh", rate(HISTORY), rate(ISSUE), 0.85, None, percent, ">= 85 %"),
        _ceiling("quote p50 alone", quote_p50, 300),
        ratio(
            f"quote p50 {QUOTES_AT_ONCE} concurrent / alone",
            p50(QUOTE_8),
            quote_p50,
            None,
            QUOTES_SLOWDOWN,
            lambda v: f"{v:.2f}x",
            f"<= {QUOTES_SLOWDOWN:g}x",
        ),
        ratio("ping rate / bare Litestar rate", rate(PING), rate(BARE), 0.50, None, percent, ">= 50 %"),
    ]


def _ceiling(name: str, milliseconds: float | None, limit: float) -> Goal:
    shown = "n/a" if milliseconds is None else f"{milliseconds:.1f} ms"
    return Goal(name, shown, f"<= {limit:g} ms", milliseconds is not None and milliseconds <= limit)


def _every_issue_201(results: Mapping[str, wrk.WrkResult]) -> Goal:
    issued = [results[key] for key in (ISSUE, HISTORY) if key in results]
    total = sum(result.requests for result in issued)
    failed = sum(result.non_2xx + result.socket_errors for result in issued)
    silent = len(issued) < 2 or any(result.requests == 0 for result in issued)
    measured = f"{failed} of {total}" + (" (a row answered nothing)" if silent else "")
    return Goal("issue answers not 201 (fresh + history)", measured, "0", not silent and failed == 0)


# ---- tables ---------------------------------------------------------------------------------------------

COLUMNS = (
    "scenario",
    "connections",
    "req/s",
    "p50 ms",
    "p99 ms",
    "non-2xx",
    "socket errors",
    "CPU ms / answer",
    "CPU allows req/s",
    "steal",
)


def rows(
    results: Mapping[str, wrk.WrkResult],
    plan: Sequence[Scenario],
    cpu: Mapping[str, CpuUse] | None = None,
    cores: int = 2,
) -> list[tuple[str, ...]]:
    """One row per scenario run; its CPU columns from `cpu` (all processes of the machine during the row:
    server, PostgreSQL, wrk), "n/a" where it was not measured."""
    return [
        (
            LABELS[scenario.key],
            str(scenario.connections),
            f"{result.rate:,.1f}",
            f"{result.p50_ms:.1f}" if result.requests else "none answered",
            f"{result.p99_ms:.1f}" if result.requests else "none answered",
            f"{result.non_2xx}" + (f" ({_statuses(result)})" if result.non_2xx else ""),
            str(result.socket_errors),
            *_cpu_columns((cpu or {}).get(scenario.key), result.requests, cores),
        )
        for scenario in plan
        if (result := results.get(scenario.key)) is not None
    ]


def _cpu_columns(use: CpuUse | None, answers: int, cores: int) -> tuple[str, str, str]:
    per_answer = use.per_answer_ms(answers) if use is not None else None
    if use is None or per_answer is None:
        return ("n/a", "n/a", "n/a")
    return (f"{per_answer:.2f}", f"{rate_bound(per_answer, cores):,.0f}", f"{100 * use.steal_share:.0f} %")


BOUND_COLUMNS = ("goal (issue #15)", "CPU it allows per answer", "CPU measured per answer")


def cpu_bounds(
    results: Mapping[str, wrk.WrkResult], cpu: Mapping[str, CpuUse], cores: int, connections: int
) -> list[tuple[str, ...]]:
    """What each goal that a rate decides asks of the CPU on this machine, beside what an answer took.

    - issue >= 20 % of ping: `cores` must give 0.2 x the ping rate of issues a second;
    - issue p99 <= 250 ms at `connections`: by Little's law the mean answer takes connections / rate, and
      p99 is at least the mean, so the rate must be at least connections / 0.25 s;
    - 8 quotes <= 2x one: 8 solves of c ms of CPU on `cores` cores take at least 8c / cores, so one quote's
      CPU may be at most 2 x its time alone x cores / 8.
    (The figures are ISSUE_SHARE_OF_PING, ISSUE_P99_MS, QUOTES_AT_ONCE and QUOTES_SLOWDOWN.)
    """

    def measured(key: str) -> str:
        use, result = cpu.get(key), results.get(key)
        per_answer = use.per_answer_ms(result.requests) if use and result else None
        return "n/a" if per_answer is None else f"{per_answer:.2f} ms"

    found: list[tuple[str, ...]] = []
    if (ping := results.get(PING)) is not None and ping.rate > 0:
        allowed = cpu_budget_ms(ISSUE_SHARE_OF_PING * ping.rate, cores)
        name = f"issue rate >= {100 * ISSUE_SHARE_OF_PING:g} % of ping"
        found.append((name, f"{allowed:.2f} ms", measured(ISSUE)))
    allowed = cpu_budget_ms(connections / (ISSUE_P99_MS / 1000), cores)
    name = f"issue p99 <= {ISSUE_P99_MS:g} ms at {connections} connections"
    found.append((name, f"< {allowed:.2f} ms", measured(ISSUE)))
    if (quote := results.get(QUOTE)) is not None and quote.requests:
        allowed = QUOTES_SLOWDOWN * quote.p50_ms * cores / QUOTES_AT_ONCE
        name = f"quote p50 {QUOTES_AT_ONCE} concurrent <= {QUOTES_SLOWDOWN:g}x alone"
        found.append((name, f"{allowed:.0f} ms", measured(QUOTE)))
    return found


def _statuses(result: wrk.WrkResult) -> str:
    return ", ".join(f"{status}: {n}" for status, n in sorted(result.statuses.items()) if status // 100 != 2)


def goal_rows(found: Sequence[Goal]) -> list[tuple[str, ...]]:
    return [(goal.name, goal.measured, goal.target, "pass" if goal.passed else "FAIL") for goal in found]


GOAL_COLUMNS = ("goal (issue #15)", "measured", "target", "")


def markdown(table: list[tuple[str, ...]], columns: Sequence[str]) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in table]
    return "\n".join(lines)


def replace_section(document: str, section: str) -> str:
    """`document` with the text between the bench.api markers replaced by `section`."""
    start, end = document.find(BEGIN), document.find(END)
    if start < 0 or end < start:
        raise ValueError(f"docs/api.md has no {BEGIN} ... {END} section")
    return document[: start + len(BEGIN)] + "\n" + section.strip() + "\n" + document[end:]


def machine_line(args: argparse.Namespace, load: float) -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in _cpuinfo() if line.startswith("model name")),
        platform.processor() or platform.machine(),
    )
    return (
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node()}"
        f" ({os.cpu_count()} cores, {cpu}, load average {load:.1f} at the start, Python"
        f" {platform.python_version()}):"
        f" `python -m bench.api --seconds {args.seconds:g} --quote-seconds {args.quote_seconds:g}"
        f" --workers {args.workers} --bankrolls {args.bankrolls}`, wrk {args.threads} threads, warm-up"
        f" {args.warmup:g} s per row; history per bankroll: {args.history_tickets:,} open tickets,"
        f" {args.history_entries:,} ledger entries, {args.history_transactions:,} customer movements."
    )


def _cpuinfo() -> list[str]:
    try:
        return Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
    except OSError:
        return []


# ---- the run --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    args = _options(argv)
    console = Console(stderr=True)
    wrk.ensure_wrk()
    started, load = time.monotonic(), os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="stakewise-bench-api-") as folder:
        postgres = EmbeddedPostgres(Path(folder) / "pg", durable=False)
        postmaster = postgres.start()
        try:
            postgres.create_database("bench")
            url = postmaster.url("bench")
            upgrade_to_head_blocking(url)
            key, fresh, history = asyncio.run(_tenant(url, args, console))
            plan = _plan(key, fresh, history, args.connections)
            results, cpu = _measure(url, plan, args, Path(folder), console)
        finally:
            postgres.stop()
    found = goals(results)
    cores = os.cpu_count() or 1
    table, bounds = rows(results, plan, cpu, cores), cpu_bounds(results, cpu, cores, args.connections)
    _print(table, found, bounds, args, load)
    if args.write_docs:
        section = "\n\n".join(
            [
                machine_line(args, load),
                markdown(table, COLUMNS),
                markdown(goal_rows(found), GOAL_COLUMNS),
                markdown(bounds, BOUND_COLUMNS),
            ]
        )
        DOCS.write_text(replace_section(DOCS.read_text(encoding="utf-8"), section), encoding="utf-8")
        console.print(f"docs/api.md updated ({time.monotonic() - started:.0f} s in all)")
    return 0


def _options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.api", description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="measured duration of each row (8)")
    parser.add_argument("--quote-seconds", type=float, default=15.0, help="of the quote rows (15)")
    parser.add_argument("--warmup", type=float, default=2.0, help="unmeasured run before each row (2)")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes (2)")
    parser.add_argument("--connections", type=int, default=50, help="wrk connections of the main rows (50)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument(
        "--bankrolls", type=int, default=8, help="bankrolls the issues rotate over, per row (8)"
    )
    parser.add_argument("--history-tickets", type=int, default=10_000, help="open tickets per bankroll")
    parser.add_argument("--history-entries", type=int, default=100_000, help="ledger entries per bankroll")
    parser.add_argument("--history-transactions", type=int, default=10_000, help="customer movements, 30 d")
    parser.add_argument("--write-docs", action="store_true", help="put the tables in docs/api.md")
    return parser.parse_args(argv)


async def _tenant(url: str, args: argparse.Namespace, console: Console) -> tuple[str, list[Pair], list[Pair]]:
    """A partner, its key and 2 x --bankrolls (customer, bankroll, catalogue fixture) pairs; the second
    half gets its history."""
    engine = create_engine(url, pooled=False)
    use_cases = container_on(engine).use_cases()
    try:
        fixtures = await offer(engine, 2 * args.bankrolls)
        partner = await use_cases(CreatePartner).execute(CreatePartnerRequest("bench"))
        key = await use_cases(CreateApiKey).execute(CreateApiKeyRequest(Role.PARTNER, partner.partner_id))
        principal = Principal(key.record.key_id, Role.PARTNER, partner.partner_id)
        pairs = []
        for index, fixture in enumerate(fixtures):
            # no exposure, stop or odds rule: the bench's stakes must never be refused by one
            bankroll = await use_cases(OpenBankroll).execute(
                OpenBankrollRequest(partner.partner_id, f"bench {index}", BALANCE, "GBP")
            )
            customer = await use_cases(RegisterCustomer).execute(
                RegisterCustomerRequest(principal, "GB", date(1980, 1, 1), identity_verified=True)
            )
            pairs.append(Pair(customer.customer_id, bankroll.bankroll_id, fixture))
        fresh, history = pairs[: args.bankrolls], pairs[args.bankrolls :]
        at = time.monotonic()
        targets = [
            HistoryTarget(partner.partner_id, p.customer_id, p.bankroll_id, p.fixture_id) for p in history
        ]
        await seed_history(
            engine,
            targets,
            open_tickets=args.history_tickets,
            ledger_entries=args.history_entries,
            transactions=args.history_transactions,
        )
        console.print(
            f"history of {len(history)} bankrolls and customers seeded in {time.monotonic() - at:.1f} s"
        )
    finally:
        await engine.dispose()
    return key.key, fresh, history


def _plan(key: str, fresh: list[Pair], history: list[Pair], connections: int) -> list[Scenario]:
    auth = {"Authorization": f"Bearer {key}"}
    post = {**auth, "Content-Type": "application/json"}

    def issues(pairs: list[Pair]) -> tuple[wrk.HttpRequest, ...]:
        return tuple(wrk.HttpRequest("POST", "/v1/tickets", post, json.dumps(_ticket(p))) for p in pairs)

    quote = (wrk.HttpRequest("POST", "/v1/tickets/quotes", post, json.dumps(_quote(fresh[0]))),)
    ping = (wrk.HttpRequest("GET", "/v1/ping"),)
    return [
        Scenario(BARE, ping, connections),
        Scenario(PING, ping, connections),
        Scenario(ISSUE, issues(fresh), connections, idempotent=True),
        Scenario(HISTORY, issues(history), connections, idempotent=True),
        Scenario(LIST, (wrk.HttpRequest("GET", "/v1/tickets", auth),), connections),
        Scenario(QUOTE, quote, 1, threads=1),
        Scenario(QUOTE_8, quote, QUOTES_AT_ONCE),
    ]


def _ticket(pair: Pair) -> dict[str, object]:
    """One leg on the pair's catalogue fixture at odds below any price `offer` stores (never PriceChanged)."""
    leg = {
        "fixture": pair.fixture_id,
        "competition": "B",
        "market": "1x2",
        "selection": "home",
        "bookmaker": "pinnacle",
        "odds": "1.10",
    }
    return {"customer_id": pair.customer_id, "bankroll_id": pair.bankroll_id, "stake": "1.00", "legs": [leg]}


def _quote(pair: Pair, proposals: int = 50) -> dict[str, object]:
    """The partner's own pricing of `proposals` selections (1x2 of 17 fixtures; the home sides have an
    edge)."""
    priced = [
        {
            "fixture": f"F{i}",
            "competition": "EPL",
            "market": "1x2",
            "selection": selection,
            "bookmaker": "pin",
            "odds": f"{odds + i / 100:.2f}",
            "probability": probability,
        }
        for i in range(-(-proposals // 3))
        for selection, odds, probability in (("home", 2.30, 0.47), ("draw", 3.40, 0.27), ("away", 3.50, 0.26))
    ]
    return {"customer_id": pair.customer_id, "bankroll_id": pair.bankroll_id, "proposals": priced[:proposals]}


def _measure(
    url: str, plan: list[Scenario], args: argparse.Namespace, folder: Path, console: Console
) -> tuple[dict[str, wrk.WrkResult], dict[str, CpuUse]]:
    results: dict[str, wrk.WrkResult] = {}
    cpu: dict[str, CpuUse] = {}
    run = uuid.uuid4().hex[:8]
    bare = ApiServer("bench.bare:create_app", lambda: url, dict)
    served = [
        (bare.command, [s for s in plan if s.key == BARE]),
        (_stakewise, [s for s in plan if s.key != BARE]),
    ]
    for server_command, scenarios in served:
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = _start(server_command("127.0.0.1", port, args.workers), url, folder)
        try:
            _wait_until_live(base, server)
            for scenario in scenarios:
                console.print(f"{LABELS[scenario.key]} at {scenario.connections} connections ...")
                if args.warmup > 0:
                    warm = _drive(base, scenario, f"{run}-warm", args.warmup, args.threads, folder)
                    drain(url, backlog_seconds(warm, scenario.connections))
                seconds = args.quote_seconds if scenario.key in (QUOTE, QUOTE_8) else args.seconds
                before = CpuTimes.now()
                result = _drive(base, scenario, run, seconds, args.threads, folder)
                if (use := CpuUse.between(before, CpuTimes.now())) is not None:
                    cpu[scenario.key] = use
                waited = drain(url, backlog_seconds(result, scenario.connections))
                console.print(f"  {result.requests} answers; then {waited:.1f} s for those in flight")
                results[scenario.key] = result
        finally:
            _stop(server)
    return results, cpu


def _drive(
    base: str, scenario: Scenario, run: str, seconds: float, threads: int, folder: Path
) -> wrk.WrkResult:
    prefix = f"bench-{run}-{scenario.key}" if scenario.idempotent else None
    script = folder / f"{scenario.key}.lua"
    script.write_text(wrk.lua_script(scenario.requests, prefix), encoding="utf-8")
    return wrk.run(base, str(script), scenario.connections, seconds, min(threads, scenario.threads))


# A server backend working for a request: running a statement or inside a transaction.
DRAIN_LIMIT = 60.0
BUSY = text(
    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
    " AND backend_type = 'client backend' AND state <> 'idle'"
)


def backlog_seconds(result: wrk.WrkResult, connections: int, limit: float = DRAIN_LIMIT) -> float:
    """How long the server needs for the requests wrk left in flight when its time was up (one per
    connection) at the rate it answered: they are still being served after wrk stops, and would be counted
    against the next row. Nothing answered: as long as the row ran."""
    if result.requests == 0:
        return min(limit, result.seconds)
    return min(limit, connections / result.rate)


def drain(url: str, backlog: float, quiet: float = 1.0, limit: float = 2 * DRAIN_LIMIT) -> float:
    """Wait `backlog` seconds, then until the database has been idle for `quiet` seconds (at most `limit`
    in all). The seconds waited."""

    async def wait() -> float:
        engine = create_engine(url, pooled=False)
        started = time.monotonic()
        await asyncio.sleep(backlog)
        idle_since: float | None = None
        try:
            async with engine.connect() as connection:
                # each look in its own transaction: within one, pg_stat_activity repeats its first snapshot
                await connection.execution_options(isolation_level="AUTOCOMMIT")
                while (now := time.monotonic()) - started < limit:
                    if (await connection.execute(BUSY)).scalar_one():
                        idle_since = None
                    elif idle_since is None:
                        idle_since = now
                    elif now - idle_since >= quiet:
                        break
                    await asyncio.sleep(0.05)
        finally:
            await engine.dispose()
        return time.monotonic() - started

    return asyncio.run(wait())


def _stakewise(host: str, port: int, workers: int) -> list[str]:
    return [str(STAKEWISE), "serve", "--host", host, "--port", str(port), "--workers", str(workers)]


def _start(command: list[str], url: str, folder: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "STAKEWISE_DATABASE_URL": url,
        "STAKEWISE_VAR_DIR": str(folder / "var"),
        "STAKEWISE_API_RATE_LIMIT": "100000000",
        "STAKEWISE_API_RATE_BURST": "100000000",
        "PYTHONPATH": str(ROOT),
    }
    log = open(os.environ.get("BENCH_SERVER_LOG", os.devnull), "ab")  # noqa: SIM115
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_live(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with {server.returncode} (BENCH_SERVER_LOG=file shows why)")
        try:
            if httpx.get(f"{base}/v1/ping", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not answer within 90 s")


def _print(
    table_rows: list[tuple[str, ...]],
    found: list[Goal],
    bounds: list[tuple[str, ...]],
    args: argparse.Namespace,
    load: float,
) -> None:
    console = Console(width=150)
    title = (
        f"partner API with wrk · {args.workers} workers"
        f" · {args.seconds:g} s per row ({args.quote_seconds:g} s for quotes)"
    )
    table = Table(title=title)
    for column in COLUMNS:
        table.add_column(column, justify="left" if column == "scenario" else "right")
    for row in table_rows:
        table.add_row(*row)
    console.print(table)
    checks = Table(title="goals of issue #15 (same run)")
    for column in GOAL_COLUMNS:
        checks.add_column(column)
    for name, measured, target, verdict in goal_rows(found):
        checks.add_row(
            name, measured, target, f"[green]{verdict}[/]" if verdict == "pass" else f"[red]{verdict}[/]"
        )
    console.print(checks)
    allowed = Table(title=f"what the CPU allows on {os.cpu_count()} cores (server, PostgreSQL, wrk)")
    for column in BOUND_COLUMNS:
        allowed.add_column(column)
    for row in bounds:
        allowed.add_row(*row)
    console.print(allowed)
    console.print(machine_line(args, load))


if __name__ == "__main__":
    sys.exit(main())
