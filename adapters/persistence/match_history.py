"""A league's matches from the silver tables: fixtures, teams, results, 1X2 quotes, weather, availability.

Weather and availability become numeric extras of a fixture only when dated before its kickoff (a
weather report observed at or after kickoff, or a player status reported then, is not pre-match
information): `weather_temperature_c`, `weather_precipitation_mm`, `weather_wind_speed_kmh`, and
`home_unavailable` / `away_unavailable` (players reported injured or suspended).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, time
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import aliased

from adapters.persistence.errors import translated
from adapters.persistence.schema.pipeline import (
    fixtures,
    odds_quotes,
    player_availability,
    results,
    teams,
    weather_reports,
)
from application.errors import NotFound
from application.modelling.assembly import MATCH_RESULT, match_record
from application.ports.match_history import LeagueHistory

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

    from application.modelling.records import MatchRecord

UNAVAILABLE = ("injured", "suspended")
WEATHER = ("temperature_c", "precipitation_mm", "wind_speed_kmh")


class PostgresMatchHistory:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def league(self, league: str) -> LeagueHistory:
        async with translated(), self._engine.connect() as connection:
            rows = await _fixtures(connection, league)
            if not rows:
                raise NotFound("league", f"{league} (no fixture stored: run `stakewise ingest` first)")
            quotes = await _quotes(connection, league)
            extras = await _extras(connection, league)
        records = [_record(row, quotes.get(row.id, []), extras.get(row.id, ())) for row in rows]
        versions = sorted(
            {str(row.batch_id) for row in rows} | {str(row.result_batch) for row in rows if row.result_batch}
        )
        return LeagueHistory(league, records, tuple(versions))


async def _fixtures(connection: AsyncConnection, league: str) -> list[Any]:
    home, away = aliased(teams), aliased(teams)
    query = (
        select(
            fixtures,
            home.c.name.label("home_name"),
            away.c.name.label("away_name"),
            results.c.home_goals,
            results.c.away_goals,
            results.c.statistics,
            results.c.batch_id.label("result_batch"),
        )
        .join(home, home.c.id == fixtures.c.home_team_id)
        .join(away, away.c.id == fixtures.c.away_team_id)
        .outerjoin(results, results.c.fixture_id == fixtures.c.id)
        .where(fixtures.c.competition == league)
        .order_by(fixtures.c.match_date, fixtures.c.id)
    )
    return list((await connection.execute(query)).all())


async def _quotes(connection: AsyncConnection, league: str) -> dict[Any, list[Any]]:
    query = (
        select(odds_quotes)
        .join(fixtures, fixtures.c.id == odds_quotes.c.fixture_id)
        .where(fixtures.c.competition == league, odds_quotes.c.market == MATCH_RESULT)
    )
    found: dict[Any, list[Any]] = defaultdict(list)
    for row in (await connection.execute(query)).all():
        found[row.fixture_id].append(row)
    return found


async def _extras(connection: AsyncConnection, league: str) -> dict[Any, tuple[tuple[str, float], ...]]:
    kickoff = {row.id: row for row in (await connection.execute(
        select(fixtures.c.id, fixtures.c.match_date, fixtures.c.kickoff_at, fixtures.c.home_team_id)
        .where(fixtures.c.competition == league)
    )).all()}  # fmt: skip
    extras: dict[Any, dict[str, float]] = defaultdict(dict)
    weather = select(weather_reports).join(fixtures, fixtures.c.id == weather_reports.c.fixture_id)
    for row in (await connection.execute(weather.where(fixtures.c.competition == league))).all():
        if row.observed_at < _cutoff(kickoff[row.fixture_id]):
            extras[row.fixture_id] |= {
                f"weather_{n}": getattr(row, n) for n in WEATHER if getattr(row, n) is not None
            }
    availability = select(player_availability).join(
        fixtures, fixtures.c.id == player_availability.c.fixture_id
    )
    for row in (await connection.execute(availability.where(fixtures.c.competition == league))).all():
        fixture = kickoff[row.fixture_id]
        if row.reported_at < _cutoff(fixture):
            side = "home" if row.team_id == fixture.home_team_id else "away"
            counts = extras[row.fixture_id]
            counts.setdefault("home_unavailable", 0.0)
            counts.setdefault("away_unavailable", 0.0)
            counts[f"{side}_unavailable"] += 1.0 if row.status in UNAVAILABLE else 0.0
    return {fixture_id: tuple(sorted(values.items())) for fixture_id, values in extras.items()}


def _cutoff(fixture: Any) -> datetime:
    if fixture.kickoff_at is not None:
        moment: datetime = fixture.kickoff_at
        return moment
    return datetime.combine(fixture.match_date, time(), UTC)


def _record(row: Any, quotes: list[Any], extras: tuple[tuple[str, float], ...]) -> MatchRecord:
    played = row.home_goals is not None
    return match_record(
        fixture_id=str(row.id),
        league=row.competition,
        season=row.season,
        match_date=row.match_date,
        kickoff=row.kickoff_at,
        home_team=row.home_name,
        away_team=row.away_name,
        goals=(row.home_goals, row.away_goals) if played else None,
        statistics=row.statistics or {},
        quotes=quotes,
        extras=extras,
    )
