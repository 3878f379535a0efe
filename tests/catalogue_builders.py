"""A small market catalogue for tests: fixtures with kickoffs, scores and stored statuses, and the quotes of
the price book, written to the in-memory store or to PostgreSQL alike (so the same tests run on both).

Fixture ids are UUIDs derived from a short name (`fixture_id("F1")`), as the real catalogue's ids are.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import insert
from sqlalchemy.dialects.postgresql import insert as pg_insert

from adapters.persistence.schema.pipeline import (
    competitions,
    fixtures,
    odds_quotes,
    raw_batches,
    results,
    seasons,
    teams,
)
from domain.markets import FixtureState, FixtureStatus, MarketSelection, PriceBookEntry, Score

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from sqlalchemy.ext.asyncio import AsyncEngine

    from application.ports.latest_prices import LatestPrice
    from tests.fakes.betting import InMemoryDatabase
    from tests.fakes.predictions import FixtureFacts

NAMESPACE = uuid.UUID("0b6f3f55-5f0c-4d5e-8f44-6361746c6f67")
BATCH = uuid.uuid5(NAMESPACE, "batch")
SEASON = "2024-2025"
FAR_FUTURE = datetime(2100, 1, 1, 15, tzinfo=UTC)


def fixture_id(name: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"fixture:{name}"))


@dataclass(frozen=True)
class SeedFixture:
    name: str
    kickoff: datetime = FAR_FUTURE
    competition: str = "E0"
    score: tuple[int, int] | None = None
    status: FixtureStatus | None = None  # postponed or abandoned

    @property
    def fixture_id(self) -> str:
        return fixture_id(self.name)

    def state(self) -> FixtureState:
        score = None if self.score is None else Score(*self.score)
        return FixtureState(self.fixture_id, self.competition, self.kickoff, self.status, score)


def quote(fixture: str, market: str, selection: str, price: str, *, bookmaker: str = "pinnacle",
          line: str | None = None, captured_at: datetime | None = None,
          closing: bool = False) -> PriceBookEntry:  # fmt: skip
    chosen = MarketSelection(market, selection, None if line is None else Decimal(line))
    at = captured_at or datetime(2024, 1, 1, tzinfo=UTC)
    return PriceBookEntry(fixture_id(fixture), chosen, bookmaker, Decimal(price), at, str(BATCH), closing)


def match_result_book(fixture: str, home: str = "2.10", draw: str = "3.40", away: str = "3.60",
                      bookmaker: str = "pinnacle", **options: object) -> list[PriceBookEntry]:  # fmt: skip
    prices = (("home", home), ("draw", draw), ("away", away))
    return [quote(fixture, "1x2", selection, price, bookmaker=bookmaker, **options)  # type: ignore[arg-type]
            for selection, price in prices]  # fmt: skip


def seed_memory(
    database: InMemoryDatabase, seeded: Iterable[SeedFixture], quotes: Iterable[PriceBookEntry]
) -> None:
    state = database.state
    state.fixtures.update({f.fixture_id: f.state() for f in seeded})
    state.quotes.extend(quotes)


async def seed_postgres(
    engine: AsyncEngine, seeded: Sequence[SeedFixture], quotes: Iterable[PriceBookEntry]
) -> None:
    payload = b"test catalogue"
    async with engine.begin() as c:
        await c.execute(pg_insert(raw_batches).values(
            id=BATCH, source="test", locator="catalogue", fetched_at=datetime(2024, 1, 1, tzinfo=UTC),
            sha256=hashlib.sha256(payload).hexdigest(), size_bytes=len(payload), payload=payload,
        ).on_conflict_do_nothing())  # fmt: skip
        for competition in {f.competition for f in seeded}:
            await c.execute(pg_insert(competitions).values(code=competition, name=competition)
                            .on_conflict_do_nothing())  # fmt: skip
            await c.execute(pg_insert(seasons).values(competition=competition, name=SEASON)
                            .on_conflict_do_nothing())  # fmt: skip
        for f in seeded:
            home, away = uuid.uuid5(NAMESPACE, f"home:{f.name}"), uuid.uuid5(NAMESPACE, f"away:{f.name}")
            await c.execute(insert(teams), [{"id": home, "name": f"{f.name} Home"},
                                            {"id": away, "name": f"{f.name} Away"}])  # fmt: skip
            await c.execute(insert(fixtures).values(
                id=uuid.UUID(f.fixture_id), competition=f.competition, season=SEASON,
                match_date=f.kickoff.date(), home_team_id=home, away_team_id=away, kickoff_at=f.kickoff,
                batch_id=BATCH, status=None if f.status is None else f.status.value,
            ))  # fmt: skip
            if f.score is not None:
                home_goals, away_goals = f.score
                await c.execute(insert(results).values(
                    fixture_id=uuid.UUID(f.fixture_id), home_goals=home_goals, away_goals=away_goals,
                    batch_id=BATCH,
                ))  # fmt: skip
        rows = [
            {"fixture_id": uuid.UUID(q.fixture_id), "market": q.selection.market, "line": q.selection.line,
             "selection": q.selection.selection, "bookmaker": q.bookmaker, "is_closing": q.is_closing,
             "captured_at": q.captured_at, "price": q.price, "batch_id": BATCH}
            for q in quotes
        ]  # fmt: skip
        if rows:
            await c.execute(insert(odds_quotes), rows)


def kickoff_in(hours: float, now: datetime) -> datetime:
    return now + timedelta(hours=hours)


def result_memory(database: InMemoryDatabase, name: str, home: int, away: int) -> None:
    state = database.state.fixtures[fixture_id(name)]
    database.state.fixtures[state.fixture_id] = replace(state, score=Score(home, away))


async def result_postgres(engine: AsyncEngine, name: str, home: int, away: int) -> None:
    async with engine.begin() as c:
        await c.execute(insert(results).values(
            fixture_id=uuid.UUID(fixture_id(name)), home_goals=home, away_goals=away, batch_id=BATCH,
        ))  # fmt: skip


def mirror_into_catalogue(
    database: InMemoryDatabase, fixtures: Mapping[str, FixtureFacts], quotes: Iterable[LatestPrice]
) -> None:
    """List the fixtures and prices a quote was priced from in the fake's market catalogue too, so that
    quoted tickets bind on issuing as they do on PostgreSQL (where both read the same tables)."""
    for fixture, facts in fixtures.items():
        kickoff = facts.kickoff_at or FAR_FUTURE
        score = Score(1, 0) if facts.finished else None
        database.state.fixtures[fixture] = FixtureState(fixture, facts.competition, kickoff, None, score)
    database.state.quotes.extend(
        PriceBookEntry(
            q.fixture_id,
            MarketSelection(q.market, q.selection, q.line),
            q.bookmaker,
            q.price,
            q.captured_at,
            q.batch_id,
            q.is_closing,
        )
        for q in quotes
    )
