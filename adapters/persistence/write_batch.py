"""Writes of one transaction sent together: one round trip for the rows of a ticket, its postings and
running figures, its customer's transaction, its policy decision and its idempotency key.

Each write is kept until the next read of the unit of work or its commit, then all of them go as
data-modifying common table expressions of one statement. They then run on one snapshot, so a write that
must see another (a second write to the same table) sends the pending ones first; foreign keys are checked
at the end of the statement, so a ticket and its legs can travel together.

The writes are SQL text for asyncpg (adapters.persistence.driver), each numbering its parameters from $1;
the batch renumbers them into one statement. Rows of a kind travel as arrays (`unnest`), so a statement's
text, and with it the prepared statement asyncpg keeps per connection, does not change with their number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from adapters.persistence.driver import Driver, Record

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy import CursorResult, Executable
    from sqlalchemy.ext.asyncio import AsyncConnection

PARAMETER = re.compile(r"\$(\d+)")


@dataclass(frozen=True, slots=True)
class Write:
    """One INSERT, UPDATE or DELETE of `table`, its parameters $1 to $len(arguments) (as asyncpg requires)."""

    table: str
    sql: str
    arguments: tuple[object, ...]


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
                await self._driver.execute(write.sql, *write.arguments)
            return
        tables = {write.table for write in writes}
        if tables & self._tables:
            await self.flush()
        self._pending.extend(writes)
        self._tables |= tables

    async def flush(self, main: str | None = None) -> Sequence[Record]:
        """Send the pending writes in one statement whose rows are `main`'s (a lock taken with them, say:
        SQL text without parameters); `main` alone when nothing is pending."""
        writes, self._pending, self._tables = self._pending, [], set()
        if not writes:
            return [] if main is None else await self._driver.fetch(main)
        if len(writes) == 1 and main is None:
            await self._driver.execute(writes[0].sql, *writes[0].arguments)
            return []
        sql, arguments = combined(writes, main or "SELECT 1")
        return await self._driver.fetch(sql, *arguments)


def combined(writes: list[Write], main: str) -> tuple[str, list[object]]:
    """One statement: each write a common table expression, its parameters renumbered after those before."""
    parts: list[str] = []
    arguments: list[object] = []
    for number, write in enumerate(writes):
        offset = len(arguments)
        renumbered = PARAMETER.sub(lambda found: f"${int(found[1]) + offset}", write.sql)  # noqa: B023
        parts.append(f"write_{number} AS ({renumbered})")
        arguments.extend(write.arguments)
    return "WITH " + ",\n".join(parts) + "\n" + main, arguments
