"""The runtime connections' time-outs end in ServiceUnavailable naming the database and what ran out."""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack

import pytest
from sqlalchemy import text

from adapters.persistence.engine import POOL_OVERFLOW, Timeouts, create_engine
from adapters.persistence.errors import translated
from application.errors import ServiceUnavailable

POOL_SIZE = 3


async def test_a_statement_past_its_time_out_is_cancelled(database_url: str) -> None:
    engine = create_engine(database_url, timeouts=Timeouts(statement_seconds=0.2))
    try:
        with pytest.raises(ServiceUnavailable) as raised:
            async with translated(), engine.connect() as connection:
                await connection.execute(text("SELECT pg_sleep(2)"))
    finally:
        await engine.dispose()
    assert raised.value.component == "database"
    assert str(raised.value) == "database: statement timed out"


async def test_a_lock_wait_past_its_time_out_is_cancelled(database_url: str) -> None:
    holder_engine = create_engine(database_url, pooled=False)
    engine = create_engine(database_url, timeouts=Timeouts(lock_seconds=0.2))
    try:
        async with holder_engine.connect() as holder:
            await holder.execute(text("LOCK TABLE rate_limit_hits IN ACCESS EXCLUSIVE MODE"))
            with pytest.raises(ServiceUnavailable) as raised:
                async with translated(), engine.connect() as connection:
                    await connection.execute(text("SELECT count(*) FROM rate_limit_hits"))
            await holder.rollback()
    finally:
        await engine.dispose()
        await holder_engine.dispose()
    assert str(raised.value) == "database: lock wait timed out"


async def test_waiting_past_the_pool_time_out_for_a_connection_is_unavailable(database_url: str) -> None:
    engine = create_engine(database_url, timeouts=Timeouts(pool_seconds=0.2), pool_size=POOL_SIZE)
    try:
        async with AsyncExitStack() as stack:
            for _ in range(POOL_SIZE + POOL_OVERFLOW):  # every connection the pool allows
                await stack.enter_async_context(engine.connect())
            with pytest.raises(ServiceUnavailable) as raised:
                async with translated(), engine.connect() as connection:
                    await connection.execute(text("SELECT 1"))
    finally:
        await engine.dispose()
    assert str(raised.value) == "database: no pooled connection free in time"


async def test_a_pool_sized_to_the_requests_at_once_reuses_its_connections(database_url: str) -> None:
    """Rounds of `size` units of work at once run on the same `size` backends: none is opened and closed
    per use (SQLAlchemy's default pool of 5 closes every connection above 5 as it is returned)."""
    size = 12
    engine = create_engine(database_url, timeouts=Timeouts(), pool_size=size)
    at_once = asyncio.Barrier(size)

    async def backend() -> int:
        async with engine.connect() as connection:
            await at_once.wait()  # every connection is out of the pool at the same time
            return int((await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one())

    try:
        rounds = [set(await asyncio.gather(*(backend() for _ in range(size)))) for _ in range(3)]
    finally:
        await engine.dispose()
    assert [len(backends) for backends in rounds] == [size] * 3
    assert rounds[0] == rounds[1] == rounds[2]
