"""The paper bookmaker's ports on PostgreSQL: current prices from odds_quotes, its order log, the limits.

Each call is its own short transaction: the paper bookmaker is "another company", its book commits apart
from stakewise's placing transaction, as a real bookmaker's would.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, select

from adapters.persistence.catalogue import LATEST_PRICE, LATEST_PRICE_NO_LINE
from adapters.persistence.driver import Driver, attributes
from adapters.persistence.engine import single_statements
from adapters.persistence.errors import translated
from adapters.persistence.placement_rows import (
    PLACEMENT_COLUMNS,
    PLACEMENT_SELECT,
    placement_arguments,
    placement_of,
    placement_parameters,
    placement_values,
)
from adapters.persistence.schema.placements import bookmaker_limit_changes, paper_orders
from application.ports.bookmaker_limits import LimitChange
from application.ports.current_prices import CurrentPrice, PriceKey

if TYPE_CHECKING:
    from datetime import datetime
    from decimal import Decimal

    from sqlalchemy.ext.asyncio import AsyncEngine

    from domain.placement import Placement


PAPER_ORDER = f"""
SELECT client_ref, {PLACEMENT_SELECT} FROM paper_orders WHERE bookmaker = $1::text AND client_ref = $2::text
"""  # noqa: S608  the column names are constants
NEW_PAPER_ORDER = f"""
INSERT INTO paper_orders (client_ref, {", ".join(PLACEMENT_COLUMNS)}, leg_odds)
VALUES ($1::text, {placement_parameters(2)})
ON CONFLICT DO NOTHING RETURNING client_ref, {PLACEMENT_SELECT}
"""  # noqa: S608  the column names are constants
CURRENT_LIMIT = (
    "SELECT current FROM bookmaker_limit_changes WHERE bookmaker = $1::text ORDER BY id DESC LIMIT 1"
)


class PostgresCurrentPrices:
    """The latest quote of a selection at a bookmaker by a time: greatest captured_at, closing on a tie."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._single = single_statements(engine)

    async def current(self, key: PriceKey, at: datetime) -> CurrentPrice | None:
        try:
            fixture = uuid.UUID(key.fixture_id)
        except ValueError:
            return None
        arguments = (fixture, key.market, key.selection, key.bookmaker, at)
        async with translated(), self._single.connect() as connection:
            driver = Driver(connection)
            row = await (
                driver.fetchrow(LATEST_PRICE_NO_LINE, *arguments)
                if key.line is None
                else driver.fetchrow(LATEST_PRICE, *arguments, key.line)
            )
        return None if row is None else CurrentPrice(row["price"], row["captured_at"], row["is_closing"])


class PostgresPaperOrderLog:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._single = single_statements(engine)

    async def find(self, bookmaker: str, client_ref: str) -> Placement | None:
        async with translated(), self._single.connect() as connection:
            row = await Driver(connection).fetchrow(PAPER_ORDER, bookmaker, client_ref)
        return None if row is None else placement_of(attributes(row, "leg_odds"), row["client_ref"])

    async def by_bet_ref(self, bet_ref: str) -> Placement | None:
        return await self._one(select(paper_orders).where(paper_orders.c.bet_ref == bet_ref))

    async def record(self, placement: Placement) -> Placement:
        if placement.bet_ref is None:
            raise ValueError("a paper order needs its bet reference")
        arguments = (placement.client_ref, *placement_arguments(placement))
        async with translated(), self._single.connect() as connection:  # one statement: atomic by itself
            inserted = await Driver(connection).fetchrow(NEW_PAPER_ORDER, *arguments)
        if inserted is not None:
            return placement_of(attributes(inserted, "leg_odds"), inserted["client_ref"])
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
        async with translated(), self._single.connect() as connection:
            row = (await connection.execute(query)).first()
        return None if row is None else placement_of(row, row.client_ref)


class PostgresBookmakerLimits:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._single = single_statements(engine)

    async def current(self, bookmaker: str) -> Decimal | None:
        async with translated(), self._single.connect() as connection:
            row = await Driver(connection).fetchrow(CURRENT_LIMIT, bookmaker)
        return None if row is None else row["current"]

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
        async with translated(), self._single.connect() as connection:
            rows = (await connection.execute(query)).all()
        return [LimitChange(row.bookmaker, row.previous, row.current, row.changed_at) for row in rows]
