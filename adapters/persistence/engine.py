"""The async engine on asyncpg. `postgresql://` URLs are accepted and driven through asyncpg."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

APPLICATION_NAME = "stakewise"
DEFAULT_POOL_SIZE = 32
# A pooled engine opens connections above its pool size for a peak and closes each as it is returned. Kept
# small: a connection opened and closed per request costs PostgreSQL a new backend process and costs every
# statement a new prepare (measured on the issue path at 25 requests at once per worker: 11-13 ms of CPU
# outside the worker per ticket with SQLAlchemy's default pool of 5, 7-9 ms at 32).
POOL_OVERFLOW = 8


@dataclass(frozen=True, slots=True)
class Timeouts:
    """How long a runtime connection waits: for a row lock, for one statement, for a pooled connection.

    PostgreSQL cancels a statement past `lock_seconds` (SQLSTATE 55P03) or `statement_seconds` (57014),
    and the pool gives up after `pool_seconds`; adapters/persistence/errors.py turns each into
    ServiceUnavailable naming the database, and the transaction rolls back.
    """

    lock_seconds: float = 10.0
    statement_seconds: float = 60.0
    pool_seconds: float = 30.0

    def server_settings(self) -> dict[str, str]:
        return {
            "lock_timeout": f"{max(1, round(self.lock_seconds * 1000))}ms",
            "statement_timeout": f"{max(1, round(self.statement_seconds * 1000))}ms",
        }


def asyncpg_url(url: str) -> str:
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise ValueError(f"unsupported database URL {parsed.render_as_string()}: stakewise needs PostgreSQL")
    return parsed.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)


def create_engine(
    url: str, *, pooled: bool = True, timeouts: Timeouts | None = None, pool_size: int = DEFAULT_POOL_SIZE
) -> AsyncEngine:
    """An engine; `pooled=False` opens a connection per use, for one-shot commands and short scripts.

    A pooled engine keeps up to `pool_size` connections open: size it to the requests a process serves at
    once, so that its connections are reused rather than opened and closed (POOL_OVERFLOW above it).

    `timeouts` (the runtime connections of the API, the workers and the commands) bound lock waits,
    statements and the wait for a pooled connection; without them nothing is bounded (migrations, tests).
    """
    server_settings = {"application_name": APPLICATION_NAME}
    options: dict[str, object] = {}
    if timeouts is not None:
        server_settings.update(timeouts.server_settings())
        if pooled:
            options["pool_timeout"] = timeouts.pool_seconds
    options["connect_args"] = {"server_settings": server_settings}
    if pooled:
        options["pool_size"] = pool_size
        options["max_overflow"] = POOL_OVERFLOW
    else:
        options["poolclass"] = NullPool
    return create_async_engine(asyncpg_url(url), **options)


def single_statements(engine: AsyncEngine) -> AsyncEngine:
    """The engine (same pool) for work of one statement, a read or a write: no BEGIN and COMMIT around it,
    two round trips fewer; one statement is atomic and sees one snapshot all the same. Never for several."""
    return engine.execution_options(isolation_level="AUTOCOMMIT")
