"""Whole batches of rows in a few round trips, counting only the rows inserted or changed.

- Rows whose `fresh_by` value (e.g. the fixture of an odds quote) is stored nowhere cannot clash with a
  stored row: they go to the table by COPY, as fast as PostgreSQL takes rows in.
- The others travel as one array per column and are unnested server-side; those equal to their stored
  row are dropped by a hash anti-join against the stored rows of the same `fresh_by` values (an index
  range, not the table), and the rest are upserted: `INSERT ... ON CONFLICT (key) DO UPDATE ... WHERE
  stored IS DISTINCT FROM incoming`. Its row count is the number of rows inserted or changed.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

import asyncpg
from sqlalchemy import Column, ColumnElement, Table, any_, bindparam, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import TextClause

DIALECT = postgresql.dialect()  # type: ignore[no-untyped-call]
_quote = DIALECT.identifier_preparer.quote


@dataclass(frozen=True)
class BulkWrite:
    """How rows of one table are written. Each row holds the values of `columns`, in that order; `key`
    identifies a row and `compared` is its data. Changed data is written with the other columns (e.g. the
    batch that last changed the row), which are never compared. With no `compared` columns, stored rows
    are left as they are: only the missing ones are inserted. `fresh_by` names a non-null key column that
    leads an index: rows whose value there is stored nowhere in the table are copied in directly."""

    table: Table
    columns: tuple[str, ...]
    key: tuple[str, ...]
    compared: tuple[str, ...] = ()
    fresh_by: str | None = None
    upsert: TextClause = field(init=False, repr=False, compare=False)
    stored_values: TextClause | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        unknown = {*self.key, *self.compared, *filter(None, [self.fresh_by])} - set(self.columns)
        if unknown:
            raise ValueError(f"{self.table.name}: {sorted(unknown)} not among the columns written")
        object.__setattr__(self, "upsert", text(_upsert_sql(self)))
        object.__setattr__(self, "stored_values", text(_stored_values_sql(self)) if self.fresh_by else None)

    async def write(self, connection: AsyncConnection, rows: Sequence[Sequence[Any]]) -> int:
        """Write the rows (identities unique among them); returns how many were inserted or changed."""
        if not rows:
            return 0
        if self.fresh_by is None:
            return await self._upsert(connection, rows)
        position = self.columns.index(self.fresh_by)
        stored = await self._stored(connection, {row[position] for row in rows})
        fresh = [row for row in rows if row[position] not in stored] if stored else rows
        await self._copy(connection, fresh)
        others = [row for row in rows if row[position] in stored] if stored else []
        return len(fresh) + await self._upsert(connection, others, among=stored)

    async def _stored(self, connection: AsyncConnection, values: set[Any]) -> set[Any]:
        assert self.stored_values is not None
        return set((await connection.scalars(self.stored_values, {"values": list(values)})).all())

    async def _upsert(
        self, connection: AsyncConnection, rows: Sequence[Sequence[Any]], among: set[Any] | None = None
    ) -> int:
        if not rows:
            return 0
        values: dict[str, list[Any]] = {
            f"c{i}": list(column) for i, column in enumerate(zip(*rows, strict=True))
        }
        if self.fresh_by is not None and self.compared:
            values["among"] = list(
                among if among is not None else values[f"c{self.columns.index(self.fresh_by)}"]
            )
        return int((await connection.execute(self.upsert, values)).rowcount)

    async def _copy(self, connection: AsyncConnection, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        driver: asyncpg.Connection = (await connection.get_raw_connection()).driver_connection
        if not driver.is_in_transaction():
            raise RuntimeError(
                "bulk COPY outside a transaction: it would not roll back with its unit of work"
            )
        try:
            await driver.copy_records_to_table(self.table.name, records=rows, columns=self.columns)
        except asyncpg.IntegrityConstraintViolationError as error:
            # the same error type as the statements that go through SQLAlchemy
            raise IntegrityError(f"COPY {self.table.name}", None, error) from error


def any_of(column: Column[Any], values: Collection[Any]) -> ColumnElement[bool]:
    """`column = ANY(:array)`: one parameter however many values (an IN list is capped at 32767)."""
    array = bindparam(None, list(values), type_=postgresql.ARRAY(column.type))
    return column == any_(array)


def _upsert_sql(write: BulkWrite) -> str:
    table = write.table
    names = ", ".join(_quote(name) for name in write.columns)
    arrays = ", ".join(f"CAST(:c{i} AS {_array_type(table.c[name])})" for i, name in enumerate(write.columns))
    selected = ", ".join(_incoming(table.c[name]) for name in write.columns)
    return (
        f"INSERT INTO {_quote(table.name)} AS stored ({names}) "
        f"SELECT {selected} FROM unnest({arrays}) AS incoming ({names}) {_unless_stored_as_is(write)}"
        f"ON CONFLICT ({', '.join(_quote(name) for name in write.key)}) {_on_conflict(write)}"
    )


def _unless_stored_as_is(write: BulkWrite) -> str:
    """Drop rows equal to their stored row before they reach ON CONFLICT (which would lock each one)."""
    if write.fresh_by is None or not write.compared:
        return ""
    fresh_by = write.table.c[write.fresh_by]
    # the distinct values, not the column: the planner sizes the index range by the array's length
    among = f"same.{_quote(fresh_by.name)} = ANY(CAST(:among AS {_array_type(fresh_by)}))"
    equal = " AND ".join(_same(write.table.c[name]) for name in write.key + write.compared)
    return f"WHERE NOT EXISTS (SELECT FROM {_quote(write.table.name)} AS same WHERE {among} AND {equal}) "


def _on_conflict(write: BulkWrite) -> str:
    if not write.compared:
        return "DO NOTHING"
    carried = [name for name in write.columns if name not in write.key]
    updates = ", ".join(f"{_quote(name)} = EXCLUDED.{_quote(name)}" for name in carried)
    stored = ", ".join(f"stored.{_quote(name)}" for name in write.compared)
    incoming = ", ".join(f"EXCLUDED.{_quote(name)}" for name in write.compared)
    return f"DO UPDATE SET {updates} WHERE ROW({stored}) IS DISTINCT FROM ROW({incoming})"


def _stored_values_sql(write: BulkWrite) -> str:
    assert write.fresh_by is not None
    column = write.table.c[write.fresh_by]
    return (
        f"SELECT value FROM unnest(CAST(:values AS {_array_type(column)})) AS value "
        f"WHERE EXISTS (SELECT FROM {_quote(write.table.name)} WHERE {_quote(column.name)} = value)"
    )


def _same(column: Column[Any]) -> str:
    # `=` where it can be, so the anti-join hashes on those columns; NULL matches NULL, as in the key
    operator = "IS NOT DISTINCT FROM" if column.nullable else "="
    return f"same.{_quote(column.name)} {operator} {_incoming(column)}"


def _array_type(column: Column[Any]) -> str:
    # JSON travels as text (asyncpg's jsonb codec takes strings) and is cast where it is selected
    element = "TEXT" if isinstance(column.type, postgresql.JSONB) else column.type.compile(dialect=DIALECT)
    return f"{element}[]"


def _incoming(column: Column[Any]) -> str:
    name = f"incoming.{_quote(column.name)}"
    return f"CAST({name} AS JSONB)" if isinstance(column.type, postgresql.JSONB) else name
