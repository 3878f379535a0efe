"""Whole batches of rows in a few round trips, counting only the rows inserted or changed.

Tables with a `fresh_by` column (odds quotes by fixture, fixtures, results):
- rows whose `fresh_by` value is stored nowhere cannot clash with a stored row: they go straight into
  the table by COPY, as fast as PostgreSQL takes rows in;
- the others are copied into a staging table of the transaction, those equal to their stored row are
  dropped by a hash anti-join against the stored rows of the same `fresh_by` values (an index range, not
  the table), and the rest are upserted: `INSERT ... ON CONFLICT (key) DO UPDATE ... WHERE stored IS
  DISTINCT FROM incoming`, whose row count is the number of rows inserted or changed.
Small tables travel as one array per column, unnested server-side into the same upsert.
COPY, not arrays, carries the big batches: asyncpg encodes array elements several times slower.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import asyncpg
from sqlalchemy import Column, ColumnElement, Table, any_, bindparam, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.elements import TextClause

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from sqlalchemy.ext.asyncio import AsyncConnection

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
    statements: _Statements = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        unknown = {*self.key, *self.compared, *filter(None, [self.fresh_by])} - set(self.columns)
        if unknown:
            raise ValueError(f"{self.table.name}: {sorted(unknown)} not among the columns written")
        object.__setattr__(self, "statements", _Statements.of(self))

    @property
    def stage(self) -> str:
        return f"stage_{self.table.name}"

    async def write(self, connection: AsyncConnection, rows: Sequence[Sequence[Any]]) -> int:
        """Write the rows (identities unique among them); returns how many were inserted or changed."""
        if not rows:
            return 0
        if self.fresh_by is None:
            arrays = {f"c{i}": list(values) for i, values in enumerate(zip(*rows, strict=True))}
            return await _row_count(connection, self.statements.unnested_upsert, arrays)
        position = self.columns.index(self.fresh_by)
        stored = await self._stored(connection, {row[position] for row in rows})
        fresh = [row for row in rows if row[position] not in stored] if stored else rows
        await _copy(connection, self.table.name, self.columns, fresh)
        others = [row for row in rows if row[position] in stored] if stored else []
        return len(fresh) + await self._staged_upsert(connection, others, stored)

    async def _stored(self, connection: AsyncConnection, values: set[Any]) -> set[Any]:
        statement = self.statements.stored_values
        if statement is None:
            raise AssertionError("a write without fresh_by has no stored-values statement")
        return set((await connection.scalars(statement, {"values": list(values)})).all())

    async def _staged_upsert(
        self, connection: AsyncConnection, rows: Sequence[Sequence[Any]], among: set[Any]
    ) -> int:
        if not rows:
            return 0
        await connection.execute(self.statements.create_stage)
        await connection.execute(self.statements.empty_stage)
        await _copy(connection, self.stage, self.columns, rows)
        return await _row_count(connection, self.statements.staged_upsert, {"among": list(among)})


@dataclass(frozen=True)
class _Statements:
    unnested_upsert: TextClause
    staged_upsert: TextClause
    stored_values: TextClause | None
    create_stage: TextClause
    empty_stage: TextClause

    @classmethod
    def of(cls, write: BulkWrite) -> _Statements:
        table, stage = _quote(write.table.name), _quote(write.stage)
        return cls(
            unnested_upsert=text(_upsert_sql(write, _unnested(write), prefilter=False)),
            staged_upsert=text(_upsert_sql(write, f"{stage} AS incoming", prefilter=True)),
            stored_values=text(_stored_values_sql(write)) if write.fresh_by else None,
            create_stage=text(f"CREATE TEMP TABLE IF NOT EXISTS {stage} (LIKE {table}) ON COMMIT DROP"),
            empty_stage=text(f"TRUNCATE {stage}"),
        )


def any_of(column: Column[Any], values: Collection[Any]) -> ColumnElement[bool]:
    """`column = ANY(:array)`: one parameter however many values (an IN list is capped at 32767)."""
    array = bindparam(None, list(values), type_=postgresql.ARRAY(column.type))
    return column == any_(array)


async def _row_count(connection: AsyncConnection, statement: TextClause, values: dict[str, Any]) -> int:
    return int((await connection.execute(statement, values)).rowcount)


async def _copy(
    connection: AsyncConnection, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    if not rows:
        return
    driver: asyncpg.Connection = (await connection.get_raw_connection()).driver_connection
    if not driver.is_in_transaction():
        raise RuntimeError("bulk COPY outside a transaction: it would not roll back with its unit of work")
    try:
        await driver.copy_records_to_table(table, records=rows, columns=columns)
    except asyncpg.IntegrityConstraintViolationError as error:
        # the same error type as the statements that go through SQLAlchemy
        raise IntegrityError(f"COPY {table}", None, error) from error


def _upsert_sql(write: BulkWrite, source: str, *, prefilter: bool) -> str:
    names = ", ".join(_quote(name) for name in write.columns)
    selected = ", ".join(_incoming(write.table.c[name], staged=prefilter) for name in write.columns)
    unless = _unless_stored_as_is(write) if prefilter else ""
    return (
        f"INSERT INTO {_quote(write.table.name)} AS stored ({names}) SELECT {selected} FROM {source} {unless}"  # noqa: S608  quoted schema names; values are bound
        f"ON CONFLICT ({', '.join(_quote(name) for name in write.key)}) {_on_conflict(write)}"
    )


def _unnested(write: BulkWrite) -> str:
    names = ", ".join(_quote(name) for name in write.columns)
    arrays = ", ".join(
        f"CAST(:c{i} AS {_array_type(write.table.c[name])})" for i, name in enumerate(write.columns)
    )
    return f"unnest({arrays}) AS incoming ({names})"


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
    if write.fresh_by is None:
        raise AssertionError("a write without fresh_by has no stored-values statement")
    column = write.table.c[write.fresh_by]
    return (
        f"SELECT value FROM unnest(CAST(:values AS {_array_type(column)})) AS value "  # noqa: S608  quoted schema names; values are bound
        f"WHERE EXISTS (SELECT FROM {_quote(write.table.name)} WHERE {_quote(column.name)} = value)"
    )


def _same(column: Column[Any]) -> str:
    # `=` where it can be, so the anti-join hashes on those columns; NULL matches NULL, as in the key
    operator = "IS NOT DISTINCT FROM" if column.nullable else "="
    return f"same.{_quote(column.name)} {operator} {_incoming(column, staged=True)}"


def _array_type(column: Column[Any]) -> str:
    # JSON travels as text in arrays (asyncpg's jsonb codec takes strings) and is cast where it is selected
    element = "TEXT" if isinstance(column.type, postgresql.JSONB) else column.type.compile(dialect=DIALECT)
    return f"{element}[]"


def _incoming(column: Column[Any], *, staged: bool) -> str:
    name = f"incoming.{_quote(column.name)}"
    return f"CAST({name} AS JSONB)" if isinstance(column.type, postgresql.JSONB) and not staged else name
