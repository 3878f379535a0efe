"""Readiness of the database: one round trip."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import text

from adapters.persistence.errors import translated

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from sqlalchemy.ext.asyncio import AsyncEngine


class DatabaseProbe:
    name = "database"

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def check(self) -> None:
        async with translated(), self._engine.connect() as connection:
            await connection.execute(text("SELECT 1"))


def engine_closer(engine: AsyncEngine) -> Callable[[], Awaitable[None]]:
    """A shutdown hook that closes the engine's pooled connections."""

    async def close() -> None:
        await engine.dispose()

    return close
