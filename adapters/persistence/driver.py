"""The ticket path's statements sent to asyncpg directly, on the connection (and in the transaction) of the
unit of work or read that asks, beside the statements SQLAlchemy builds.

Why: SQLAlchemy Core builds a statement, finds its compiled form in the cache and runs it through its
execution context in 0.15-0.3 ms of CPU; asyncpg runs the same prepared statement (it prepares each SQL text
once per connection) in about 0.04 ms. Issuing and placing a ticket sends some 35 statements: the fixed ones
of that path are written here as SQL text (`$n` parameters), the rest stay SQLAlchemy Core.

SQLAlchemy's asyncpg adapter begins a transaction at its own first statement; a `Driver` begins it the same
way when one of its statements comes first, so both kinds share one transaction, committed or rolled back by
SQLAlchemy. Errors are asyncpg's own: adapters.persistence.errors reads their SQLSTATE like SQLAlchemy's.
"""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from adapters.persistence.tracing import statement_span
from application.errors import StorageUnavailable

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.ext.asyncio import AsyncConnection

Record = Any  # asyncpg.Record: a row readable by column name and by position


class Driver:
    """The asyncpg connection under one SQLAlchemy connection (looked up once)."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection
        self._adapted: Any = None

    async def fetch(self, sql: str, *arguments: object) -> Sequence[Record]:
        return await self._run("fetch", sql, arguments)  # type: ignore[no-any-return]

    async def fetchrow(self, sql: str, *arguments: object) -> Record | None:
        return await self._run("fetchrow", sql, arguments)

    async def execute(self, sql: str, *arguments: object) -> str:
        """The command's status, as "UPDATE 1"."""
        return await self._run("execute", sql, arguments)  # type: ignore[no-any-return]

    async def _run(self, method: str, sql: str, arguments: tuple[object, ...]) -> Any:
        try:
            connection = await self._ready()
            with statement_span(sql):
                return await getattr(connection, method)(sql, *arguments)
        except Exception as error:
            if self._adapted is None or not self._adapted._connection.is_closed():
                raise
            # SQLAlchemy notices a lost connection only in its own execution: the pool must not keep it
            await self._connection.invalidate()
            raise StorageUnavailable(f"database unavailable: {type(error).__name__}") from error

    async def _ready(self) -> Any:
        if self._adapted is None:
            self._adapted = (await self._connection.get_raw_connection()).dbapi_connection
        adapted = self._adapted
        # SQLAlchemy's adapter (sqlalchemy.dialects.postgresql.asyncpg) begins lazily; begin as it would
        if adapted._transaction is None and not adapted.autocommit:
            await adapted._start_transaction()
        return adapted._connection


def attributes(record: Record, *json_columns: str) -> SimpleNamespace:
    """A record read as SQLAlchemy's rows are (`row.name`); its JSON columns (text from a `::text` cast, or
    from the JSON codec SQLAlchemy gives its connections) parsed."""
    values = dict(record.items())
    for column in json_columns:
        if isinstance(values[column], str):
            values[column] = json.loads(values[column])
    return SimpleNamespace(**values)
