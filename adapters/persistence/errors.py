"""Database errors become the application's StorageUnavailable at the edge of the adapter: the one list
of the drivers' errors that mean "the database is unavailable". No other layer knows them (the HTTP adapter
maps only application errors).

A time-out the runtime connections are configured with (PostgreSQL's lock_timeout and statement_timeout,
the pool's wait for a free connection) counts as the database being unavailable too: the statement was
cancelled, the transaction rolls back, and the caller may try again.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

import asyncpg
import sqlalchemy.exc

from application.errors import StorageUnavailable

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

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
TIMED_OUT = {  # SQLSTATE -> what ran out of time
    "55P03": "lock wait timed out",  # lock_not_available (lock_timeout)
    "57014": "statement timed out",  # query_canceled (statement_timeout)
}


def _sqlstate(error: BaseException) -> str | None:
    """The SQLSTATE behind an error, through SQLAlchemy's wrapper and the driver's adapted error."""
    seen: BaseException | None = error
    for _ in range(4):
        if seen is None:
            return None
        state = getattr(seen, "sqlstate", None)
        if isinstance(state, str):
            return state
        seen = getattr(seen, "orig", None) or seen.__cause__
    return None


def timed_out(error: BaseException) -> str | None:
    """What ran out of time when the error is one of the configured time-outs, else None."""
    if isinstance(error, sqlalchemy.exc.TimeoutError):
        return "no pooled connection free in time"
    return TIMED_OUT.get(_sqlstate(error) or "")


def is_unavailable(error: BaseException) -> bool:
    return isinstance(error, UNREACHABLE) or timed_out(error) is not None


def database_unavailable(error: BaseException) -> StorageUnavailable:
    reason = timed_out(error)
    if reason is not None:
        return StorageUnavailable(f"database: {reason}")
    return StorageUnavailable(f"database unavailable: {type(error).__name__}")


@asynccontextmanager
async def translated() -> AsyncIterator[None]:
    """Turn a failure to reach PostgreSQL, or a time-out, into StorageUnavailable; every other error
    passes unchanged."""
    try:
        yield
    except Exception as error:
        if is_unavailable(error):
            raise database_unavailable(error) from error
        raise
