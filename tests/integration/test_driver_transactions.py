"""Statements sent to asyncpg directly (adapters.persistence.driver) run in the unit of work's transaction,
even as its first statement: SQLAlchemy begins its transaction lazily, and the driver begins it the same way.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest
import pytest_asyncio
from sqlalchemy import text

from adapters.persistence.access import PostgresAccessRepository
from adapters.persistence.betting import PostgresBettingUnitOfWork
from adapters.persistence.engine import create_engine
from application.errors import StorageUnavailable
from domain.access import Partner

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from sqlalchemy.ext.asyncio import AsyncEngine

AT = datetime(2026, 12, 3, 12, tzinfo=UTC)


@pytest_asyncio.fixture(loop_scope="function")
async def engine(fresh_database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(fresh_database_url)
    await PostgresAccessRepository(engine).add_partner(Partner("p1", "partner p1", AT))
    yield engine
    await engine.dispose()


async def claim(engine: AsyncEngine, key: str) -> None:
    async with PostgresBettingUnitOfWork(engine) as uow:
        assert await uow.idempotency.claim("p1", key, "f", AT) is None
        await uow.commit()


async def keys(engine: AsyncEngine) -> list[str]:
    async with engine.connect() as connection:
        return list(
            (await connection.execute(text("SELECT key FROM idempotency_keys ORDER BY key"))).scalars()
        )


async def claim_then_fail(engine: AsyncEngine) -> None:
    async with PostgresBettingUnitOfWork(engine) as uow:
        assert await uow.idempotency.claim("p1", "k1", "f", AT) is None
        raise RuntimeError("refused")


async def claim_commit_claim_then_fail(engine: AsyncEngine) -> None:
    async with PostgresBettingUnitOfWork(engine) as uow:
        assert await uow.idempotency.claim("p1", "k1", "f", AT) is None
        await uow.commit()
        assert await uow.idempotency.claim("p1", "k2", "f", AT) is None
        raise RuntimeError("refused")


async def test_a_first_statement_sent_to_the_driver_is_rolled_back_with_the_unit_of_work(
    engine: AsyncEngine,
) -> None:
    with pytest.raises(RuntimeError, match="refused"):
        await claim_then_fail(engine)

    assert await keys(engine) == []


async def test_after_a_commit_the_next_statement_begins_a_new_transaction(engine: AsyncEngine) -> None:
    with pytest.raises(RuntimeError, match="refused"):
        await claim_commit_claim_then_fail(engine)

    assert await keys(engine) == ["k1"]


async def test_a_lost_connection_is_unavailable_and_leaves_the_pool(
    engine: AsyncEngine, fresh_database_url: str
) -> None:
    async with engine.connect() as connection:  # the pool's one idle connection, next to be checked out
        backend = await connection.scalar(text("SELECT pg_backend_pid()"))
    admin = create_engine(fresh_database_url, pooled=False)
    async with admin.connect() as connection:
        await connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
    await admin.dispose()

    with pytest.raises(StorageUnavailable, match="database unavailable"):
        await claim(engine, "k1")  # its first statement is the driver's, on the dead connection
    await claim(engine, "k2")  # on a new connection: the dead one left the pool

    assert await keys(engine) == ["k2"]
