"""The runtime connections' time-outs end in ServiceUnavailable naming the database and what ran out."""

from __future__ import annotations

from contextlib import AsyncExitStack

import pytest
from sqlalchemy import text

from adapters.persistence.engine import Timeouts, create_engine
from adapters.persistence.errors import translated
from application.errors import ServiceUnavailable

POOL_SIZE, POOL_OVERFLOW = 5, 10  # SQLAlchemy's defaults, which create_engine keeps


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
    engine = create_engine(database_url, timeouts=Timeouts(pool_seconds=0.2))
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
