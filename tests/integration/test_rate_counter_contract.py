"""The rate-limit counter's contract, met by PostgreSQL (what the API uses) and by the in-memory fake."""

from __future__ import annotations

import asyncio
import uuid
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import text

from adapters.persistence.engine import create_engine
from adapters.persistence.rate_limits import PostgresRateCounter
from tests.fakes.rate_limits import InMemoryRateCounter

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from adapters.http.rate_limits import RateCounter


@pytest.fixture(params=["memory", "postgres"])
async def counter(request: pytest.FixtureRequest, database_url: str) -> AsyncIterator[RateCounter]:
    if request.param == "memory":
        yield InMemoryRateCounter()
        return
    engine = create_engine(database_url)
    try:
        yield PostgresRateCounter(engine)
    finally:
        await engine.dispose()


async def test_hits_count_up_within_a_window_and_read_the_watched_bucket(counter: RateCounter) -> None:
    bucket, watched = f"key:{uuid.uuid4().hex}", f"auth-failures:{uuid.uuid4().hex}"
    first = await counter.hit(bucket, 600.0, watched)
    assert first.count == 1
    assert first.watched == 0
    assert 0 < first.reset_seconds <= 600
    await counter.hit(watched, 600.0)
    await counter.hit(watched, 600.0)
    second = await counter.hit(bucket, 600.0, watched)
    assert second.count == 2
    assert second.watched == 2
    assert second.reset_seconds <= first.reset_seconds


async def test_a_new_window_starts_counting_afresh(counter: RateCounter) -> None:
    bucket = f"key:{uuid.uuid4().hex}"
    hit = await counter.hit(bucket, 0.5)
    await asyncio.sleep(hit.reset_seconds + 0.05)
    assert (await counter.hit(bucket, 0.5)).count == 1


async def test_concurrent_hits_are_each_counted_once(counter: RateCounter) -> None:
    bucket = f"key:{uuid.uuid4().hex}"
    hits = await asyncio.gather(*(counter.hit(bucket, 600.0) for _ in range(20)))
    assert sorted(hit.count for hit in hits) == list(range(1, 21))


async def test_ended_windows_are_forgotten_and_current_ones_kept(
    counter: RateCounter, database_url: str
) -> None:
    ended, current = f"auth-failures:{uuid.uuid4().hex}", f"key:{uuid.uuid4().hex}"
    hit = await counter.hit(ended, 0.5)
    await counter.hit(current, 600.0)
    await asyncio.sleep(hit.reset_seconds + 0.05)

    assert await counter.forget_ended() >= 1
    if isinstance(counter, PostgresRateCounter):
        assert await _stored(database_url, ended) == [], "the ended window's row is deleted"
        assert await _stored(database_url, current) == [1]
    assert (await counter.hit(current, 600.0, ended)).count == 2, "a current window keeps its count"
    assert (await counter.hit(ended, 0.5)).count == 1


async def _stored(database_url: str, bucket: str) -> list[int]:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                text("SELECT hits FROM rate_limit_hits WHERE bucket = :bucket"), {"bucket": bucket}
            )
            return [int(row.hits) for row in rows]
    finally:
        await engine.dispose()
