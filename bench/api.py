"""Benchmark of the partner API: requests/s and p50/p99 latency for quote and issue at 50 and 200
concurrent connections, next to a plain JSON endpoint (GET /v1/ping) of the same server on the same run.

    .venv/bin/python -m bench.api [--seconds 4] [--workers 2] [--bankrolls 16]

It starts its own embedded PostgreSQL (a temporary folder), `stakewise serve --workers N` on a free port of
127.0.0.1 (the real composition root: PostgreSQL, embedded OPA, Pyomo + HiGHS), and drives it from a
second process (bench.api_load). Every scenario is bounded in time and in requests. Issued tickets are
spread round-robin over --bankrolls partner bankrolls (each with its own customer), since issuing locks
one bankroll per transaction. The rate limit per key is lifted for the run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table

from adapters.persistence.access import PostgresAccessRepository
from adapters.persistence.betting import PostgresBettingUnitOfWork
from adapters.persistence.engine import create_engine
from adapters.persistence.migrate import upgrade_to_head_blocking
from adapters.runtime import SystemClock, TokenSecrets
from application.use_cases.create_api_key import CreateApiKey, CreateApiKeyRequest
from application.use_cases.create_partner import CreatePartner, CreatePartnerRequest
from application.use_cases.open_bankroll import OpenBankroll, OpenBankrollRequest
from application.use_cases.register_customer import RegisterCustomer, RegisterCustomerRequest
from bench.catalogue import offer
from bootstrap.services.postgres import EmbeddedPostgres
from domain.access import Principal, Role

ROOT = Path(__file__).resolve().parents[1]
STAKEWISE = Path(sys.executable).with_name("stakewise")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _tenant(url: str, bankrolls: int) -> tuple[str, list[tuple[str, str, str]]]:
    engine = create_engine(url, pooled=False)
    access, clock, secrets = PostgresAccessRepository(engine), SystemClock(), TokenSecrets()
    uow = lambda: PostgresBettingUnitOfWork(engine)  # noqa: E731
    try:
        fixtures = await offer(engine, bankrolls)  # one catalogue fixture per bankroll
        partner = await CreatePartner(access, clock, secrets).execute(CreatePartnerRequest("bench"))
        key = await CreateApiKey(access, clock, secrets).execute(
            CreateApiKeyRequest(Role.PARTNER, partner.partner_id)
        )
        principal = Principal(key.record.key_id, Role.PARTNER, partner.partner_id)
        pairs = []
        for index in range(bankrolls):
            bankroll = await OpenBankroll(uow, access, clock, secrets).execute(
                OpenBankrollRequest(partner.partner_id, f"bench {index}", Decimal("1000000000.00"), "GBP")
            )
            customer = await RegisterCustomer(uow, clock, secrets).execute(
                RegisterCustomerRequest(principal, "GB", date(1980, 1, 1), identity_verified=True)
            )
            pairs.append((customer.customer_id, bankroll.bankroll_id, fixtures[index]))
    finally:
        await engine.dispose()
    return key.key, pairs


def _scenarios(key: str, pairs: list[tuple[str, str, str]]) -> dict[str, dict[str, Any]]:
    auth = {"Authorization": f"Bearer {key}"}
    issue_bodies = [
        json.dumps(
            {"customer_id": customer, "bankroll_id": bankroll, "stake": "1.00", "legs": [_leg(fixture)]}
        )
        for customer, bankroll, fixture in pairs
    ]
    proposals = [
        {
            "fixture": f"F{i}",
            "competition": "EPL",
            "market": "1x2",
            "selection": selection,
            "bookmaker": "pin",
            "odds": odds,
            "probability": probability,
        }
        for i in range(3)
        for selection, odds, probability in (
            ("home", "2.30", 0.47),
            ("draw", "3.40", 0.27),
            ("away", "3.50", 0.26),
        )
    ]
    customer, bankroll, _ = pairs[0]
    quote_body = json.dumps({"customer_id": customer, "bankroll_id": bankroll, "proposals": proposals})
    return {
        "plain JSON (GET /v1/ping)": {"method": "GET", "path": "/v1/ping"},
        "quote (POST /v1/tickets/quotes)": {
            "method": "POST",
            "path": "/v1/tickets/quotes",
            "headers": auth,
            "bodies": [quote_body],
        },
        "issue (POST /v1/tickets)": {
            "method": "POST",
            "path": "/v1/tickets",
            "headers": {**auth, "Idempotency-Key": "bench-{n}"},
            "bodies": issue_bodies,
        },
    }


def _leg(fixture: str) -> dict[str, str]:
    """A leg on a catalogue fixture at odds below any price `offer` stores (so never PriceChanged)."""
    return {"fixture": fixture, "competition": "B", "market": "1x2", "selection": "home",
            "bookmaker": "pinnacle", "odds": "1.10"}  # fmt: skip


def _serve(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "STAKEWISE_DATABASE_URL": url,
        "STAKEWISE_API_RATE_LIMIT": "1000000",
        "STAKEWISE_API_RATE_BURST": "1000000",
    }
    command = [str(STAKEWISE), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    log = open(os.environ.get("BENCH_SERVER_LOG", os.devnull), "wb")  # noqa: SIM115
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)


def _wait_until_live(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"stakewise serve exited with {server.returncode}")
        try:
            if httpx.get(f"{base}/health/ready", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit("stakewise serve did not become ready within 60 s")


def _load(
    base: str, scenario: dict[str, Any], connections: int, seconds: float, first: int
) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump({**scenario, "first_number": first}, file)
    try:
        command = [
            sys.executable,
            "-m",
            "bench.api_load",
            "--url",
            base,
            "--scenario",
            file.name,
            "--connections",
            str(connections),
            "--seconds",
            str(seconds),
            "--max-requests",
            "100000",
        ]
        run = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=seconds + 120, check=True
        )
        return dict(json.loads(run.stdout))
    finally:
        os.unlink(file.name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Partner API throughput and latency (see module docstring)")
    parser.add_argument("--seconds", type=float, default=4.0, help="duration of each measurement (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes (default 2)")
    parser.add_argument("--bankrolls", type=int, default=16, help="bankrolls the issued tickets spread over")
    parser.add_argument("--connections", type=int, nargs="+", default=[50, 200])
    args = parser.parse_args(argv)
    console = Console(stderr=True)
    with tempfile.TemporaryDirectory(prefix="stakewise-bench-api-") as folder:
        postgres = EmbeddedPostgres(Path(folder) / "pg", durable=False)
        postmaster = postgres.start()
        try:
            postgres.create_database("bench")
            url = postmaster.url("bench")
            upgrade_to_head_blocking(url)
            key, pairs = asyncio.run(_tenant(url, args.bankrolls))
            rows = _measure(url, key, pairs, args, console)
        finally:
            postgres.stop()
    _print(rows, args)
    return 0


def _measure(
    url: str, key: str, pairs: list[tuple[str, str, str]], args: argparse.Namespace, console: Console
) -> list[Any]:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _serve(url, port, args.workers)
    rows, first = [], 0
    scenarios = _scenarios(key, pairs)
    try:
        _wait_until_live(base, server)
        # quotes last: the solver queue they leave behind at 200 connections would slow what follows
        plan = [(name, c) for name in list(scenarios)[::2] for c in args.connections]
        plan += [(name, c) for name in list(scenarios)[1::2] for c in args.connections]
        for name, connections in sorted(plan, key=lambda item: (item[0].startswith("quote"), item[1])):
            console.print(f"{name} at {connections} connections ...")
            _load(base, scenarios[name], 10, 1.0, first + 500_000)  # warm-up, not measured
            rows.append((name, connections, _load(base, scenarios[name], connections, args.seconds, first)))
            first += 1_000_000
    finally:
        server.terminate()
        server.wait(timeout=30)
    return rows


def _print(rows: list[Any], args: argparse.Namespace) -> None:
    title = (
        f"partner API · stakewise serve --workers {args.workers} · issue over {args.bankrolls} bankrolls"
        f" · {args.seconds:g} s per row · load from a second process on 127.0.0.1"
    )
    table = Table(title=title)
    for column in ("endpoint", "connections", "requests", "requests/s", "p50 ms", "p99 ms", "statuses"):
        table.add_column(column, justify="left" if column in ("endpoint", "statuses") else "right")
    for name, connections, result in rows:
        statuses = ", ".join(f"{code}: {count}" for code, count in result["statuses"].items())
        if result["errors"]:
            statuses += f", connection errors: {result['errors']}"
        table.add_row(
            name,
            str(connections),
            str(result["requests"]),
            f"{result['requests_per_second']:,.0f}",
            f"{result['p50_ms']:.1f}",
            f"{result['p99_ms']:.1f}",
            statuses,
        )
    Console(width=150).print(table)


if __name__ == "__main__":
    sys.exit(main())
