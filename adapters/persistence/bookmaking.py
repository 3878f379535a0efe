"""The paper bookmaker's ports on PostgreSQL: current prices from odds_quotes, its order log, the limits.

Each call is its own short transaction: the paper bookmaker is "another company", its book commits apart
from stakewise's placing transaction, as a real bookmaker's would.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from adapters.persistence.engine import single_statement_reads
from adapters.persistence.errors import translated
from adapters.persistence.placement_rows import placement_of, placement_values
from adapters.persistence.schema.pipeline import odds_quotes
from adapters.persistence.schema.placements import bookmaker_limit_changes, paper_orders
from application.ports.bookmaker_limits import LimitChange
from application.ports.current_prices import CurrentPrice, PriceKey

if TYPE_CHECKING:
    from datetime import datetime
    from decimal import Decimal

    from sqlalchemy.ext.asyncio import AsyncEngine

    from domain.placement import Placement


class PostgresCurrentPrices:
    """The latest quote of a selection at a bookmaker by a time: greatest captured_at, closing on a tie."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._reads = single_statement_reads(engine)

    async def current(self, key: PriceKey, at: datetime) -> CurrentPrice | None:
        try:
            fixture = uuid.UUID(key.fixture_id)
        except ValueError:
            return None
        q = odds_quotes.c
        line = q.line.is_(None) if key.line is None else q.line == key.line
        query = (
            select(q.price, q.captured_at, q.is_closing)
            .where(
                q.fixture_id == fixture,
                q.market == key.market,
                q.selection == key.selection,
                q.bookmaker == key.bookmaker,
                line,
                q.captured_at <= at,
            )
            .order_by(q.captured_at.desc(), q.is_closing.desc())
            .limit(1)
        )
        async with translated(), self._reads.connect() as connection:
            row = (await connection.execute(query)).first()
        return None if row is None else CurrentPrice(row.price, row.captured_at, row.is_closing)


class PostgresPaperOrderLog:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._reads = single_statement_reads(engine)

    async def find(self, bookmaker: str, client_ref: str) -> Placement | None:
        o = paper_orders.c
        return await self._one(
            select(paper_orders).where(o.bookmaker == bookmaker, o.client_ref == client_ref)
        )

    async def by_bet_ref(self, bet_ref: str) -> Placement | None:
        return await self._one(select(paper_orders).where(paper_orders.c.bet_ref == bet_ref))

    async def record(self, placement: Placement) -> Placement:
        values = placement_values(placement) | {"client_ref": placement.client_ref}
        if values["bet_ref"] is None:
            raise ValueError("a paper order needs its bet reference")
        insert_new = pg_insert(paper_orders).values(values).on_conflict_do_nothing().returning(paper_orders)
        async with translated(), self._engine.begin() as connection:
            inserted = (await connection.execute(insert_new)).first()
        if inserted is not None:
            return placement_of(inserted, inserted.client_ref)
        stored = await self.find(placement.bookmaker, placement.client_ref)  # the first attempt's order
        if stored is None:
            raise AssertionError("the order the insert conflicted with was inserted by the first attempt")
        return stored

    async def replace(self, placement: Placement) -> None:
        values = placement_values(placement)
        async with translated(), self._engine.begin() as connection:
            await connection.execute(
                paper_orders.update().where(paper_orders.c.bet_ref == placement.bet_ref).values(values)
            )

    async def _one(self, query: Select[Any]) -> Placement | None:
        async with translated(), self._reads.connect() as connection:
            row = (await connection.execute(query)).first()
        return None if row is None else placement_of(row, row.client_ref)


class PostgresBookmakerLimits:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._reads = single_statement_reads(engine)

    async def current(self, bookmaker: str) -> Decimal | None:
        c = bookmaker_limit_changes.c
        query = select(c.current).where(c.bookmaker == bookmaker).order_by(c.id.desc()).limit(1)
        async with translated(), self._reads.connect() as connection:
            return (await connection.execute(query)).scalar_one_or_none()

    async def record(self, change: LimitChange) -> None:
        async with translated(), self._engine.begin() as connection:
            await connection.execute(
                bookmaker_limit_changes.insert().values(
                    bookmaker=change.bookmaker,
                    previous=change.previous,
                    current=change.current,
                    changed_at=change.changed_at,
                )
            )

    async def changes(self, bookmaker: str | None = None) -> list[LimitChange]:
        c = bookmaker_limit_changes.c
        query = select(bookmaker_limit_changes).order_by(c.id)
        if bookmaker is not None:
            query = query.where(c.bookmaker == bookmaker)
        async with translated(), self._reads.connect() as connection:
            rows = (await connection.execute(query)).all()
        return [LimitChange(row.bookmaker, row.previous, row.current, row.changed_at) for row in rows]
