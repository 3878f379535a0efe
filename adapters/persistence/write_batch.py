"""Writes of one transaction sent together: one round trip for the rows of a ticket, its postings and
running figures, its customer's transaction, its policy decision and its idempotency key.

Each write is kept until the next read of the unit of work or its commit, then all of them go as
data-modifying common table expressions of one statement. They then run on one snapshot, so a write that
must see another (a second write to the same table) sends the pending ones first; foreign keys are checked
at the end of the statement, so a ticket and its legs can travel together.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import CursorResult, Delete, Executable, Insert, Table, Update, insert, literal, select

from adapters.persistence.driver import Driver

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from sqlalchemy.ext.asyncio import AsyncConnection
    from sqlalchemy.sql import Select

Write = Insert | Update | Delete


class WriteBatch:
    """`deferred=False`: each write is sent at once (a repository used outside a unit of work)."""

    def __init__(self, connection: AsyncConnection, *, deferred: bool = True) -> None:
        self._c = connection
        self._driver = Driver(connection)
        self._deferred = deferred
        self._pending: list[Write] = []
        self._tables: set[str] = set()

    async def execute(self, statement: Executable, parameters: Any = None) -> CursorResult[Any]:
        """Send the pending writes, then `statement` (a read sees every write made before it)."""
        await self.flush()
        return await self._c.execute(statement, parameters)

    async def driver(self) -> Driver:
        """The connection's driver, for a statement of the ticket path (adapters.persistence.driver); the
        pending writes are sent first, so it sees them."""
        await self.flush()
        return self._driver

    async def add(self, *writes: Write) -> None:
        """Keep `writes` (one unit: they may share a table, on one snapshot) for the next flush; any
        pending write to one of their tables is sent first."""
        if not self._deferred:
            for write in writes:
                await self._c.execute(write)
            return
        tables = {_table(write) for write in writes}
        if tables & self._tables:
            await self.flush()
        self._pending.extend(writes)
        self._tables |= tables

    async def flush(self, main: Select[Any] | None = None) -> None:
        """Send the pending writes in one statement whose result is `main`'s (a lock taken with them,
        say); `main` alone when nothing is pending."""
        writes, self._pending, self._tables = self._pending, [], set()
        if not writes:
            if main is not None:
                await self._c.execute(main)
            return
        if len(writes) == 1 and main is None:
            await self._c.execute(writes[0])
            return
        ctes = [write.cte(f"write_{number}") for number, write in enumerate(writes)]
        await self._c.execute((main if main is not None else select(literal(1))).add_cte(*ctes))


def _table(write: Write) -> str:
    table = write.table
    if not isinstance(table, Table):
        raise AssertionError(f"a write batch writes to tables, not {table!r}")
    return table.name


def single_row_inserts(table: Table, rows: Sequence[Mapping[str, Any]]) -> list[Insert]:
    """One INSERT per row. SQLAlchemy caches the compiled form of a single-row INSERT, but never of a
    multi-row VALUES list: a batch holding one would be compiled anew on every request."""
    return [insert(table).values(row) for row in rows]
