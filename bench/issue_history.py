"""Probe: one ticket issue on a fresh bankroll and on one with a long history, side by side.

    .venv/bin/python -m bench.issue_history [--open 10000] [--entries 100000] [--transactions 10000]

It starts its own embedded PostgreSQL (a temporary folder) with two bankrolls, each with its customer, and
issues through the real IssueTicket use case of the composition root (PostgreSQL, embedded OPA). One of
them gets a history bulk-loaded with plain SQL (`seed_history`: open tickets with their legs and
reservations, settled tickets' postings, customer transactions) and its running figures rebuilt from those
rows (adapters.persistence.derived_state.rebuild_derived_state); then issues alternate between the two.
It prints, for each: the median and p90 time of one issue and the SQL statements it sends.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.persistence.derived_state import rebuild_derived_state
from adapters.persistence.engine import create_engine
from adapters.persistence.migrate import upgrade_to_head_blocking
from adapters.persistence.schema.betting import ticket_legs
from application.use_cases.authenticate_api_key import AuthenticateRequest
from application.use_cases.issue_ticket import IssueTicketRequest, LegRequest
from bench.api import _tenant  # the bench's partner, bankroll and customer on catalogue fixtures
from bootstrap.container import Container
from bootstrap.services.postgres import EmbeddedPostgres

SETTLED_ENTRIES = 5  # a settled ticket's postings: stake reserved (2 entries), ticket settled (3)


async def seed_history(
    engine: AsyncEngine,
    template_ticket: str,
    open_tickets: int,
    ledger_entries: int,
    transactions: int,
    fixtures: int = 500,
) -> None:
    """Copy `template_ticket` (an issued ticket: its partner, customer, bankroll, decision and leg) into
    `open_tickets` open tickets of 0.01 on `fixtures` fixtures over the past 60 days, with their
    reservations; add settled tickets until the bankroll's ledger has about `ledger_entries` more entries;
    give the customer `transactions` transactions over the past 60 days. Plain SQL, in bulk: the running
    figures are rebuilt from the rows afterwards."""
    settled = max(0, (ledger_entries - 2 * open_tickets) // SETTLED_ENTRIES)
    legs = [c.name for c in ticket_legs.c]
    copied = ", ".join(
        {"ticket_id": "h.id", "fixture_id": "'history-fixture-' || (h.n % CAST(:fixtures AS int))"}.get(
            name, f"l.{name}"
        )
        for name in legs
    )
    values = {
        "template": template_ticket,
        "open": open_tickets,
        "settled": settled,
        "fixtures": fixtures,
        "transactions": transactions,
    }
    statements = [
        """CREATE TEMP TABLE history ON COMMIT DROP AS
            SELECT 'history-' || n AS id, n, n <= CAST(:open AS int) AS open
            FROM generate_series(1, CAST(:open AS int) + CAST(:settled AS int)) n""",
        """INSERT INTO tickets (id, partner_id, customer_id, bankroll_id, status, stake, combined_odds,
                                policy_decision_id, issued_at, payout, settled_at)
           SELECT h.id, t.partner_id, t.customer_id, t.bankroll_id,
                  CASE WHEN h.open THEN 'issued' ELSE 'settled' END, 0.01, t.combined_odds,
                  t.policy_decision_id, t.issued_at - (h.n % 60) * interval '1 day' - interval '1 hour',
                  CASE WHEN h.open THEN NULL ELSE (h.n % 2) * 0.02 END,
                  CASE WHEN h.open THEN NULL ELSE t.issued_at - (h.n % 60) * interval '1 day' END
           FROM history h, tickets t WHERE t.id = CAST(:template AS text)""",
        f"""INSERT INTO ticket_legs ({", ".join(legs)})
            SELECT {copied} FROM history h, ticket_legs l WHERE l.ticket_id = CAST(:template AS text)""",
        """INSERT INTO ledger_entries (id, bankroll_id, reference, description, account, amount, posted_at)
           SELECT h.id || '-' || e.account || '-' || e.description, t.bankroll_id, h.id, e.description,
                  e.account, e.amount, t.issued_at - (h.n % 60) * interval '1 day'
           FROM history h CROSS JOIN tickets t
           CROSS JOIN LATERAL (VALUES
               ('stake reserved', 'available', -0.01), ('stake reserved', 'at_risk', 0.01),
               ('ticket settled', 'at_risk', -0.01), ('ticket settled', 'bookmaker', 0.01 - (h.n % 2) * 0.02),
               ('ticket settled', 'available', (h.n % 2) * 0.02)
           ) AS e(description, account, amount)
           WHERE t.id = CAST(:template AS text) AND (NOT h.open OR e.description = 'stake reserved')""",
        """INSERT INTO customer_transactions (customer_id, kind, amount, occurred_at, reference)
           SELECT t.customer_id, (ARRAY['deposit', 'stake', 'return', 'withdrawal'])[1 + n % 4], 1.00,
                  t.issued_at - (n % 60) * interval '1 day' - (n % 1440) * interval '1 minute',
                  'history-' || n
           FROM generate_series(1, CAST(:transactions AS int)) n, tickets t
           WHERE t.id = CAST(:template AS text)""",
    ]
    async with engine.begin() as connection:
        for statement in statements:
            await connection.execute(text(statement), values)
        ids = (
            await connection.execute(
                text("SELECT bankroll_id, customer_id FROM tickets WHERE id = :template"), values
            )
        ).one()
        await rebuild_derived_state(connection, [ids.bankroll_id], [ids.customer_id])


class StatementCounter:
    """Counts the SQL statements an engine sends (each execute, an executemany included, is one)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.count = 0
        self.seconds: dict[str, float] = {}  # by statement: the time spent in it
        self._started = 0.0
        event.listen(engine.sync_engine, "before_cursor_execute", self._seen)
        event.listen(engine.sync_engine, "after_cursor_execute", self._done)

    def _seen(self, *args: Any, **kwargs: Any) -> None:
        self.count += 1
        self._started = time.perf_counter()

    def _done(self, connection: Any, cursor: Any, statement: str, *args: Any) -> None:
        key = " ".join(statement.split())[:90]
        self.seconds[key] = self.seconds.get(key, 0.0) + time.perf_counter() - self._started


async def _probe(
    url: str, open_tickets: int, entries: int, transactions: int, rounds: int
) -> list[tuple[str, list[tuple[float, int, str]], float]]:
    """Two bankrolls, each with its customer: one gets the history, the other stays fresh; the issues on
    them alternate, so both are measured under the same load of the machine."""
    os.environ["STAKEWISE_DATABASE_URL"] = url
    key, pairs = await _tenant(url, 2)
    container = Container()
    counter = StatementCounter(container.engine())
    issue = container.issue_ticket()
    principal = await container.authenticate_api_key().execute(AuthenticateRequest(key))
    number = iter(range(1_000_000))

    async def one(pair: tuple[str, str, str]) -> tuple[float, int, str]:
        customer, bankroll, fixture = pair
        leg = LegRequest(fixture, "B", "1x2", "home", "pinnacle", Decimal("1.10"))
        request = IssueTicketRequest(
            principal, f"probe-{next(number)}", customer, bankroll, Decimal("1.00"), (leg,)
        )
        before, started = counter.count, time.perf_counter()
        issued = await issue.execute(request)
        return time.perf_counter() - started, counter.count - before, issued.ticket.ticket_id

    aged, fresh = pairs
    template = (await one(aged))[2]
    await one(fresh)
    seeding = create_engine(url, pooled=False)
    try:
        started = time.perf_counter()
        await seed_history(seeding, template, open_tickets, entries, transactions)
        seeded = time.perf_counter() - started
        async with seeding.connect() as connection:
            counts = (
                await connection.execute(
                    text(
                        "SELECT (SELECT count(*) FROM tickets WHERE bankroll_id = :b AND status = 'issued'),"
                        " (SELECT count(*) FROM ledger_entries WHERE bankroll_id = :b),"
                        " (SELECT count(*) FROM customer_transactions WHERE customer_id = :c)"
                    ),
                    {"b": aged[1], "c": aged[0]},
                )
            ).one()
    finally:
        await seeding.dispose()
    runs: dict[str, list[tuple[float, int, str]]] = {"fresh": [], "aged": []}
    counter.seconds.clear()
    for _ in range(rounds):
        runs["aged"].append(await one(aged))
        runs["fresh"].append(await one(fresh))
    if os.environ.get("PROBE_STATEMENTS"):
        for statement, seconds in sorted(counter.seconds.items(), key=lambda item: -item[1])[:8]:
            print(f"{seconds * 1000 / rounds / 2:8.1f} ms  {statement}")
    container.shutdown_resources()
    label = f"{counts[0]:,} open tickets, {counts[1]:,} ledger entries, {counts[2]:,} transactions"
    return [("fresh bankroll and customer", runs["fresh"], seeded), (label, runs["aged"], seeded)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.issue_history", description=__doc__)
    parser.add_argument("--open", type=int, default=10_000, help="open tickets on the bankroll")
    parser.add_argument("--entries", type=int, default=100_000, help="ledger entries of the bankroll")
    parser.add_argument("--transactions", type=int, default=10_000, help="the customer's transactions")
    parser.add_argument("--rounds", type=int, default=30, help="issues measured on each")
    args = parser.parse_args(argv)
    console = Console()
    with tempfile.TemporaryDirectory(prefix="stakewise-probe-") as folder:
        postgres = EmbeddedPostgres(Path(folder) / "pg", durable=False)
        postmaster = postgres.start()
        try:
            postgres.create_database("probe")
            url = postmaster.url("probe")
            upgrade_to_head_blocking(url)
            rows = asyncio.run(_probe(url, args.open, args.entries, args.transactions, args.rounds))
        finally:
            postgres.stop()
    table = Table(title=f"One POST /v1/tickets issue, in process ({args.rounds} issues each)")
    for column in ("history", "median ms", "p90 ms", "statements per issue"):
        table.add_column(column)
    for name, runs, _ in rows:
        times = sorted(run[0] * 1000 for run in runs)
        statements = sorted({run[1] for run in runs})
        table.add_row(
            name,
            f"{statistics.median(times):.1f}",
            f"{times[int(len(times) * 0.9)]:.1f}",
            ", ".join(map(str, statements)),
        )
    console.print(table)
    console.print(f"history loaded and running figures rebuilt in {rows[-1][2]:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
