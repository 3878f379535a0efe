"""Fixtures, results, odds quotes, weather and availability: the silver facts, written in whole batches."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from adapters.persistence.bulk import any_of
from adapters.persistence.pipeline import writes
from adapters.persistence.schema.pipeline import (
    fixtures,
    odds_quotes,
    player_availability,
    results,
    weather_reports,
)
from application.pipeline.records import (
    AvailabilityStatus,
    Fixture,
    Market,
    OddsQuote,
    PlayerAvailability,
    Result,
    Selection,
    WeatherReport,
)

if TYPE_CHECKING:
    import uuid
    from collections.abc import Collection, Sequence
    from datetime import date

    from sqlalchemy.engine import Row
    from sqlalchemy.ext.asyncio import AsyncConnection


class SqlFixtureRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def upsert_fixtures(self, items: Sequence[Fixture]) -> int:
        rows = [
            (
                f.fixture_id,
                f.competition,
                f.season,
                f.match_date,
                f.home_team_id,
                f.away_team_id,
                f.kickoff,
                f.batch_id,
            )
            for f in items
        ]
        return await writes.FIXTURES.write(self._connection, rows)

    async def upsert_results(self, items: Sequence[Result]) -> int:
        rows = [
            (
                r.fixture_id,
                r.home_goals,
                r.away_goals,
                r.home_goals_half_time,
                r.away_goals_half_time,
                json.dumps(dict(r.statistics)),
                r.batch_id,
            )
            for r in items
        ]
        return await writes.RESULTS.write(self._connection, rows)

    async def existing(self, fixture_ids: Collection[uuid.UUID]) -> set[uuid.UUID]:
        query = select(fixtures.c.id).where(any_of(fixtures.c.id, fixture_ids))
        return set((await self._connection.scalars(query)).all())

    async def fixtures(self, fixture_ids: Collection[uuid.UUID]) -> list[Fixture]:
        return await self._fixtures_where(any_of(fixtures.c.id, fixture_ids))

    async def home_fixtures(self, team_id: uuid.UUID, start: date, end: date) -> list[Fixture]:
        return await self._fixtures_where(
            fixtures.c.home_team_id == team_id, fixtures.c.match_date.between(start, end)
        )

    async def results(self, fixture_ids: Collection[uuid.UUID]) -> list[Result]:
        query = (
            select(results).where(any_of(results.c.fixture_id, fixture_ids)).order_by(results.c.fixture_id)
        )
        return [_result(row) for row in await self._connection.execute(query)]

    async def count(self) -> int:
        return int(await self._connection.scalar(select(func.count()).select_from(fixtures)) or 0)

    async def _fixtures_where(self, *conditions: object) -> list[Fixture]:
        query = select(fixtures).where(*conditions).order_by(fixtures.c.match_date, fixtures.c.id)  # type: ignore[arg-type]
        return [_fixture(row) for row in await self._connection.execute(query)]


class SqlOddsQuoteRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def upsert(self, quotes: Sequence[OddsQuote]) -> int:
        return await writes.ODDS.write(self._connection, quotes)

    async def for_fixtures(self, fixture_ids: Collection[uuid.UUID]) -> list[OddsQuote]:
        c = odds_quotes.c
        order = (
            c.fixture_id,
            c.market.collate("C"),
            c.line,
            c.selection.collate("C"),
            c.bookmaker.collate("C"),
            c.is_closing,
            c.captured_at,
        )
        query = select(odds_quotes).where(any_of(c.fixture_id, fixture_ids)).order_by(*order)
        return [_quote(row) for row in await self._connection.execute(query)]

    async def count(self) -> int:
        return int(await self._connection.scalar(select(func.count()).select_from(odds_quotes)) or 0)


class SqlWeatherRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def upsert(self, reports: Sequence[WeatherReport]) -> int:
        rows = [
            (
                r.fixture_id,
                r.observed_at,
                r.temperature_c,
                r.precipitation_mm,
                r.wind_speed_kmh,
                r.relative_humidity,
                r.batch_id,
            )
            for r in reports
        ]
        return await writes.WEATHER.write(self._connection, rows)

    async def for_fixtures(self, fixture_ids: Collection[uuid.UUID]) -> list[WeatherReport]:
        table = weather_reports
        query = select(table).where(any_of(table.c.fixture_id, fixture_ids)).order_by(table.c.fixture_id)
        return [
            WeatherReport(
                row.fixture_id,
                row.observed_at,
                row.temperature_c,
                row.precipitation_mm,
                row.wind_speed_kmh,
                row.relative_humidity,
                row.batch_id,
            )
            for row in await self._connection.execute(query)
        ]


class SqlAvailabilityRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def upsert(self, records: Sequence[PlayerAvailability]) -> int:
        rows = [
            (r.fixture_id, r.team_id, r.player, r.status.value, r.reason, r.reported_at, r.batch_id)
            for r in records
        ]
        return await writes.AVAILABILITY.write(self._connection, rows)

    async def for_fixtures(self, fixture_ids: Collection[uuid.UUID]) -> list[PlayerAvailability]:
        c = player_availability.c
        query = (
            select(player_availability)
            .where(any_of(c.fixture_id, fixture_ids))
            .order_by(c.fixture_id, c.team_id, c.player.collate("C"))
        )
        return [
            PlayerAvailability(
                row.fixture_id,
                row.team_id,
                row.player,
                AvailabilityStatus(row.status),
                row.reason,
                row.reported_at,
                row.batch_id,
            )
            for row in await self._connection.execute(query)
        ]


def _fixture(row: Row[tuple[object, ...]]) -> Fixture:
    return Fixture(
        row.id,
        row.competition,
        row.season,
        row.match_date,
        row.home_team_id,
        row.away_team_id,
        row.kickoff_at,
        row.batch_id,
    )


def _result(row: Row[tuple[object, ...]]) -> Result:
    return Result(
        row.fixture_id,
        row.home_goals,
        row.away_goals,
        row.home_goals_half_time,
        row.away_goals_half_time,
        dict(row.statistics),
        row.batch_id,
    )


def _quote(row: Row[tuple[object, ...]]) -> OddsQuote:
    return OddsQuote(
        row.fixture_id,
        Market(row.market),
        row.line,
        Selection(row.selection),
        row.bookmaker,
        row.price,
        row.captured_at,
        row.is_closing,
        row.batch_id,
    )
