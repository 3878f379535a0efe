"""Infrastructure errors become the application's ServiceUnavailable at the edge of the adapter."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import sqlalchemy.exc

from application.errors import ServiceUnavailable

UNREACHABLE = (
    sqlalchemy.exc.OperationalError,
    sqlalchemy.exc.InterfaceError,
    sqlalchemy.exc.DisconnectionError,
    sqlalchemy.exc.TimeoutError,
    asyncpg.exceptions.PostgresConnectionError,
    asyncpg.exceptions.CannotConnectNowError,
    asyncpg.exceptions.TooManyConnectionsError,
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.ConnectionDoesNotExistError,
    OSError,
    TimeoutError,
)


def database_unavailable(error: BaseException) -> ServiceUnavailable:
    return ServiceUnavailable("database", f"database unavailable: {type(error).__name__}")


@asynccontextmanager
async def translated() -> AsyncIterator[None]:
    """Turn a failure to reach PostgreSQL into ServiceUnavailable; every other error passes unchanged."""
    try:
        yield
    except UNREACHABLE as error:
        raise database_unavailable(error) from error
