"""Whole batches in one statement: rows travel as one array per column and are unnested server-side.

`INSERT ... SELECT FROM unnest($1, $2, ...) ON CONFLICT ... DO UPDATE ... WHERE stored IS DISTINCT FROM
incoming` writes thousands of rows in one round trip (asyncpg encodes the arrays in binary), leaves equal
rows alone and reports in its row count exactly the rows it inserted or changed.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Column, ColumnElement, Table, any_, bindparam, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import TextClause

DIALECT = postgresql.dialect()  # type: ignore[no-untyped-call]
_quote = DIALECT.identifier_preparer.quote


@dataclass(frozen=True)
class BulkWrite:
    """How rows of one table are written. Each row holds the values of `columns`, in that order; `key`
    identifies a row and `compared` is its data. Changed data is written with the other columns (e.g. the
    batch that last changed the row), which are never compared. With no `compared` columns, stored rows
    are left as they are: only the missing ones are inserted."""

    table: Table
    columns: tuple[str, ...]
    key: tuple[str, ...]
    compared: tuple[str, ...] = ()
    statement: TextClause = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        unknown = set(self.key + self.compared) - set(self.columns)
        if unknown:
            raise ValueError(f"{self.table.name}: {sorted(unknown)} not among the columns written")
        object.__setattr__(self, "statement", text(self._sql()))

    @property
    def carried(self) -> tuple[str, ...]:
        return tuple(name for name in self.columns if name not in self.key and name not in self.compared)

    async def write(self, connection: AsyncConnection, rows: Sequence[Sequence[Any]]) -> int:
        """Write the rows; returns how many were inserted or changed."""
        if not rows:
            return 0
        arrays = {f"c{index}": list(values) for index, values in enumerate(zip(*rows, strict=True))}
        result = await connection.execute(self.statement, arrays)
        return int(result.rowcount)

    def _sql(self) -> str:
        names = ", ".join(_quote(name) for name in self.columns)
        arrays = ", ".join(
            f"CAST(:c{i} AS {_array_type(self.table.c[name])})" for i, name in enumerate(self.columns)
        )
        selected = ", ".join(_selected(self.table.c[name]) for name in self.columns)
        return (
            f"INSERT INTO {_quote(self.table.name)} AS stored ({names}) "
            f"SELECT {selected} FROM unnest({arrays}) AS incoming ({names}) "
            f"ON CONFLICT ({', '.join(_quote(name) for name in self.key)}) {self._on_conflict()}"
        )

    def _on_conflict(self) -> str:
        if not self.compared:
            return "DO NOTHING"
        updates = ", ".join(
            f"{_quote(name)} = EXCLUDED.{_quote(name)}" for name in self.compared + self.carried
        )
        stored = ", ".join(f"stored.{_quote(name)}" for name in self.compared)
        incoming = ", ".join(f"EXCLUDED.{_quote(name)}" for name in self.compared)
        return f"DO UPDATE SET {updates} WHERE ROW({stored}) IS DISTINCT FROM ROW({incoming})"


def any_of(column: Column[Any], values: Collection[Any]) -> ColumnElement[bool]:
    """`column = ANY(:array)`: one parameter however many values (an IN list is capped at 32767)."""
    array = bindparam(None, list(values), type_=postgresql.ARRAY(column.type))
    return column == any_(array)


def _array_type(column: Column[Any]) -> str:
    # JSON travels as text (asyncpg's jsonb codec takes strings) and is cast in the SELECT list
    element = "TEXT" if isinstance(column.type, postgresql.JSONB) else column.type.compile(dialect=DIALECT)
    return f"{element}[]"


def _selected(column: Column[Any]) -> str:
    name = f"incoming.{_quote(column.name)}"
    return f"CAST({name} AS JSONB)" if isinstance(column.type, postgresql.JSONB) else name
