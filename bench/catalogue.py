"""Benchmark of the price book: the latest price of one selection at one bookmaker, as issuing looks it up.

    .venv/bin/python -m bench.catalogue                  # 20,000 fixtures, 48 quotes each (960,000 rows)
    .venv/bin/python -m bench.catalogue --fixtures 2000

A throwaway embedded PostgreSQL is migrated and filled in SQL (generate_series): per fixture, 1x2 and
totals 2.5 at four bookmakers, each quoted early twice and at the close (`offer`, which bench.api uses
too). Then, on one connection:
`PostgresMarketCatalogue.price` for random keys (the lookup issuing makes per leg, inside its
transaction), `PostgresMarketData.price_book` (a fixture's whole book, for GET /v1/fixtures/{id}), and the
plan PostgreSQL chooses for the lookup. The price book is an indexed query on odds_quotes' unique index:
the lookup reads the few rows of one key whatever the table's size.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import random
import shutil
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from sqlalchemy import text

from adapters.persistence.catalogue import PostgresMarketCatalogue
from adapters.persistence.engine import create_engine
from adapters.persistence.market_data import PostgresMarketData
from adapters.persistence.migrate import upgrade_to_head_blocking
from bootstrap.services.postgres import EmbeddedPostgres
from domain.markets import MarketSelection

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

LATER = datetime(2200, 1, 1, tzinfo=UTC)  # after every quote of the bench
BOOKMAKERS = ("pinnacle", "bet365", "williamhill", "average")
SELECTIONS = (("1x2", None, "home"), ("1x2", None, "draw"), ("1x2", None, "away"),
              ("totals", "2.5", "over"), ("totals", "2.5", "under"))  # fmt: skip
FILL = """
INSERT INTO raw_batches (id, source, locator, fetched_at, sha256, size_bytes, payload)
VALUES (:batch, 'bench', 'bench', now(), repeat('0', 64), 0, ''::bytea);
INSERT INTO competitions (code, name) VALUES ('B', 'bench');
INSERT INTO seasons (competition, name) VALUES ('B', '2025');
INSERT INTO teams (id, name) SELECT md5('team' || i)::uuid, 'team ' || i FROM generate_series(0, 1) AS i;
INSERT INTO fixtures
    (id, competition, season, match_date, home_team_id, away_team_id, kickoff_at, batch_id)
SELECT md5('fixture' || i)::uuid, 'B', '2025', current_date + 1 + i,
       md5('team0')::uuid, md5('team1')::uuid, current_date + 1 + i + time '15:00', :batch
FROM generate_series(0, :fixtures - 1) AS i;
INSERT INTO odds_quotes
    (fixture_id, market, line, selection, bookmaker, is_closing, captured_at, price, batch_id)
SELECT md5('fixture' || i)::uuid, s.market, s.line::numeric, s.selection, b.bookmaker, q.closing,
       now() - q.before, 1.5 + random(), :batch
FROM generate_series(0, :fixtures - 1) AS i,
     (VALUES ('1x2', NULL, 'home'), ('1x2', NULL, 'draw'), ('1x2', NULL, 'away'),
             ('totals', '2.5', 'over'), ('totals', '2.5', 'under')) AS s(market, line, selection),
     unnest(ARRAY['pinnacle', 'bet365', 'williamhill', 'average']) AS b(bookmaker),
     (VALUES (false, interval '2 days'), (false, interval '1 day'), (true, interval '0'))
         AS q(closing, before);
ANALYZE odds_quotes;
"""


def main(argv: list[str] | None = None) -> int:
    options = _options(argv)
    folder = Path(tempfile.mkdtemp(prefix="stakewise-bench-"))
    server = EmbeddedPostgres(folder / "pg")
    try:
        postmaster = server.start()
        server.create_database("book")
        upgrade_to_head_blocking(postmaster.url("book"))
        rows = asyncio.run(_measure(postmaster.url("book"), options.fixtures, options.lookups))
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    _report(*rows)
    return 0


def _options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.catalogue", description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", type=int, default=20_000)
    parser.add_argument("--lookups", type=int, default=2_000)
    return parser.parse_args(argv)


async def _measure(url: str, fixtures: int, lookups: int) -> tuple[int, float, list[float], list[float], str]:
    engine = create_engine(url, pooled=False)
    try:
        started = time.perf_counter()
        await offer(engine, fixtures)
        fill = time.perf_counter() - started
        rng = random.Random(7)
        keys = [_key(rng.randrange(fixtures), rng) for _ in range(lookups)]
        lookup: list[float] = []
        async with engine.connect() as connection:
            catalogue = PostgresMarketCatalogue(connection)
            rows = int((await connection.execute(text("SELECT count(*) FROM odds_quotes"))).scalar_one())
            for fixture, selection, bookmaker in keys:
                at = time.perf_counter()
                assert await catalogue.price(fixture, selection, bookmaker, LATER) is not None
                lookup.append(time.perf_counter() - at)
            plan = await _plan(connection, keys[0])
        market = PostgresMarketData(engine)
        book: list[float] = []
        for fixture, _, _ in keys[:200]:
            at = time.perf_counter()
            assert len(await market.price_book(fixture)) == len(SELECTIONS) * len(BOOKMAKERS)
            book.append(time.perf_counter() - at)
    finally:
        await engine.dispose()
    return rows, fill, lookup, book, plan


async def offer(engine: AsyncEngine, fixtures: int) -> list[str]:
    """Fixtures kicking off from tomorrow on, one a day, priced now at four bookmakers (each price in
    [1.5, 2.5)): a catalogue to bet on. Their ids, in order."""
    values = {"batch": uuid.uuid4(), "fixtures": fixtures}
    async with engine.begin() as connection:
        for statement in filter(str.strip, FILL.split(";\n")):
            await connection.execute(text(statement), values)
    return [fixture_id(index) for index in range(fixtures)]


def fixture_id(index: int) -> str:
    return str(uuid.UUID(hashlib.md5(f"fixture{index}".encode(), usedforsecurity=False).hexdigest()))


def _key(index: int, rng: random.Random) -> tuple[str, MarketSelection, str]:
    market, line, selection = rng.choice(SELECTIONS)
    chosen = MarketSelection(market, selection, None if line is None else Decimal(line))
    return fixture_id(index), chosen, rng.choice(BOOKMAKERS)


async def _plan(connection: AsyncConnection, key: tuple[str, MarketSelection, str]) -> str:
    fixture, selection, bookmaker = key
    line = "line IS NULL" if selection.line is None else f"line = {selection.line}"
    query = text(
        "EXPLAIN SELECT * FROM odds_quotes WHERE fixture_id = :f AND market = :m AND " + line
        + " AND selection = :s AND bookmaker = :b AND captured_at <= '2200-01-01'"
        " ORDER BY captured_at DESC, is_closing DESC LIMIT 1"
    )  # fmt: skip
    result = await connection.execute(
        query, {"f": fixture, "m": selection.market, "s": selection.selection, "b": bookmaker}
    )
    return next((line for (line,) in result.all() if "Index" in line), "no index used").strip()


def _report(rows: int, fill: float, lookup: list[float], book: list[float], plan: str) -> None:
    def ms(values: list[float], q: float) -> str:
        return f"{statistics.quantiles(values, n=100)[int(q) - 1] * 1000:.3f}"

    table = Table(title=f"price book on {rows:,} odds quotes (filled in {fill:.1f} s)")
    for column in ("query", "calls", "median ms", "p95 ms", "p99 ms"):
        table.add_column(column)
    table.add_row("latest price of one selection (issuing, per leg)", str(len(lookup)),
                  f"{statistics.median(lookup) * 1000:.3f}", ms(lookup, 95), ms(lookup, 99))  # fmt: skip
    table.add_row("a fixture's whole price book (GET /v1/fixtures/{id})", str(len(book)),
                  f"{statistics.median(book) * 1000:.3f}", ms(book, 95), ms(book, 99))  # fmt: skip
    console = Console()
    console.print(table)
    console.print(f"plan of the lookup: {plan}")


if __name__ == "__main__":
    raise SystemExit(main())
