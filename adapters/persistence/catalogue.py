"""The market catalogue on PostgreSQL, on the connection of the transaction that asks (issuing, settling).

The price book is an indexed query, not a table of its own: the latest price of one (fixture, market,
line, selection, bookmaker) is the first row of the unique odds index `uq_odds_quotes_identity`'s prefix,
ordered by captured_at then closing first (a handful of rows per key; bench/catalogue.py measures it).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, select

from adapters.persistence.driver import Driver, attributes
from adapters.persistence.schema.pipeline import odds_quotes
from domain.markets import FixtureState, FixtureStatus, MarketSelection, PriceBookEntry, Score

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncConnection


def fixture_key(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def kickoff_of(row: Any) -> datetime:
    """The stored kickoff, or the start of the match day (UTC) when no time is known."""
    kickoff: datetime | None = row.kickoff_at
    return kickoff if kickoff is not None else datetime.combine(row.match_date, time(), UTC)


def fixture_state(row: Any) -> FixtureState:
    """A row with fixtures' id, competition, match_date, kickoff_at, status and results' goals."""
    score = None if row.home_goals is None else Score(row.home_goals, row.away_goals)
    stored = None if row.status is None else FixtureStatus(row.status)
    return FixtureState(str(row.id), row.competition, kickoff_of(row), stored, score)


def _line_is(line: Any) -> ColumnElement[bool]:
    return odds_quotes.c.line.is_(None) if line is None else odds_quotes.c.line == line


def _selection_is(key: uuid.UUID, selection: MarketSelection) -> list[ColumnElement[bool]]:
    q = odds_quotes.c
    return [q.fixture_id == key, q.market == selection.market, _line_is(selection.line),
            q.selection == selection.selection]  # fmt: skip


def price_entry(row: Any) -> PriceBookEntry:
    selection = MarketSelection(row.market, row.selection, row.line)
    return PriceBookEntry(str(row.fixture_id), selection, row.bookmaker, row.price, row.captured_at,
                          str(row.batch_id), row.is_closing)  # fmt: skip


FIXTURE_STATE = """
SELECT f.id, f.competition, f.match_date, f.kickoff_at, f.status, r.home_goals, r.away_goals
FROM fixtures AS f LEFT JOIN results AS r ON r.fixture_id = f.id WHERE f.id = $1::uuid
"""
_LATEST_PRICE = """
SELECT * FROM odds_quotes
WHERE fixture_id = $1::uuid AND market = $2::text AND {line} AND selection = $3::text AND bookmaker = $4::text
  AND captured_at <= $5::timestamptz
ORDER BY captured_at DESC, is_closing DESC LIMIT 1
"""
LATEST_PRICE = _LATEST_PRICE.format(line="line = $6::numeric")  # two texts: each uses the odds index
LATEST_PRICE_NO_LINE = _LATEST_PRICE.format(line="line IS NULL")


class PostgresMarketCatalogue:
    def __init__(self, connection: AsyncConnection) -> None:
        self._c = connection
        self._driver = Driver(connection)

    async def fixture(self, fixture_id: str) -> FixtureState | None:
        key = fixture_key(fixture_id)
        if key is None:
            return None
        row = await self._driver.fetchrow(FIXTURE_STATE, key)
        return None if row is None else fixture_state(attributes(row))

    async def price(
        self, fixture_id: str, selection: MarketSelection, bookmaker: str, at: datetime
    ) -> PriceBookEntry | None:
        key = fixture_key(fixture_id)
        if key is None:
            return None
        arguments = (key, selection.market, selection.selection, bookmaker, at)
        row = await (
            self._driver.fetchrow(LATEST_PRICE_NO_LINE, *arguments)
            if selection.line is None
            else self._driver.fetchrow(LATEST_PRICE, *arguments, selection.line)
        )
        return None if row is None else price_entry(attributes(row))

    async def bookmakers(self, fixture_id: str, selection: MarketSelection) -> tuple[str, ...]:
        key = fixture_key(fixture_id)
        if key is None:
            return ()
        query = select(odds_quotes.c.bookmaker).where(*_selection_is(key, selection)).distinct()
        return tuple(sorted((await self._c.execute(query)).scalars()))

    async def closing(self, fixture_id: str, market: str) -> list[PriceBookEntry]:
        key = fixture_key(fixture_id)
        if key is None:
            return []
        q = odds_quotes.c
        query = select(odds_quotes).where(q.fixture_id == key, q.market == market, q.is_closing.is_(True))
        return [price_entry(row) for row in (await self._c.execute(query)).all()]
