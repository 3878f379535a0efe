"""Joining pre-match context to stored fixtures: weather at the home ground, player availability.

Rules (a row that cannot be joined is quarantined with its reason):
- availability names its fixture by competition, date and the two teams; the fixture must be stored
  (`unknown_fixture`) and the player's team must be one of its two sides (`team_not_in_fixture`);
- a weather series is the hourly weather at one team's home ground; the team must be known (`unknown_team`);
  each of its home fixtures inside the series gets the hour nearest its kickoff (or 15:00 UTC on the match
  day when the kickoff time is unknown), at most an hour away; a series covering none is `no_fixture`.
"""

from __future__ import annotations

import bisect
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from application.pipeline.records import Fixture, PlayerAvailability, WeatherReport, fixture_id_for
from application.pipeline.silver import RowProblem, TeamResolver
from application.pipeline.sources import RejectedRow, SourceAvailability, SourceWeatherSeries
from application.ports.fixture_repository import FixtureRepository

UNKNOWN_KICKOFF = time(15, 0)
NEAREST_HOUR = timedelta(hours=1)


@dataclass
class ContextRecords:
    weather: list[WeatherReport] = field(default_factory=list)
    availability: list[PlayerAvailability] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)


async def availability_records(
    rows: Sequence[SourceAvailability], batch_id: uuid.UUID, teams: TeamResolver, fixtures: FixtureRepository
) -> ContextRecords:
    records = ContextRecords()
    candidates: list[tuple[SourceAvailability, uuid.UUID, uuid.UUID, uuid.UUID]] = []
    for row in rows:
        try:
            home, away, team = (_known_team(teams, name) for name in (row.home_team, row.away_team, row.team))
            if team not in (home, away):
                raise RowProblem("team_not_in_fixture", f"{row.team!r} plays neither side of this fixture")
            candidates.append((row, fixture_id_for(row.competition, row.match_date, home, away), team, home))
        except RowProblem as problem:
            records.rejected.append(RejectedRow(row.row, problem.reason, _describe(row)))
    stored = await fixtures.existing({fixture_id for _, fixture_id, _, _ in candidates})
    for row, fixture_id, team, _ in candidates:
        if fixture_id not in stored:
            reason = "unknown_fixture: no stored fixture for this competition, date and teams"
            records.rejected.append(RejectedRow(row.row, reason, _describe(row)))
            continue
        records.availability.append(PlayerAvailability(fixture_id, team, row.player, row.status, row.reason,
                                                       row.reported_at, batch_id))  # fmt: skip
    return records


async def weather_records(
    series: Sequence[SourceWeatherSeries],
    batch_id: uuid.UUID,
    teams: TeamResolver,
    fixtures: FixtureRepository,
) -> ContextRecords:
    records = ContextRecords()
    for one in series:
        try:
            team = _known_team(teams, one.team)
            home_games = await _home_fixtures(one, team, fixtures)
            reports = [report for fixture in home_games if (report := _report(one, fixture, batch_id))]
            if not reports:
                raise RowProblem("no_fixture", f"no home fixture of {one.team!r} within this series")
            records.weather += reports
        except RowProblem as problem:
            records.rejected.append(RejectedRow(one.row, problem.reason, f"weather series of {one.team}"))
    return records


async def _home_fixtures(
    series: SourceWeatherSeries, team: uuid.UUID, fixtures: FixtureRepository
) -> list[Fixture]:
    if not series.times:
        return []
    return await fixtures.home_fixtures(team, series.times[0].date(), series.times[-1].date())


def _report(series: SourceWeatherSeries, fixture: Fixture, batch_id: uuid.UUID) -> WeatherReport | None:
    moment = fixture.kickoff or datetime.combine(fixture.match_date, UNKNOWN_KICKOFF, UTC)
    at = _nearest(series.times, moment)
    if at is None:
        return None
    return WeatherReport(fixture.fixture_id, series.times[at], series.temperature_c[at],
                         series.precipitation_mm[at], series.wind_speed_kmh[at], series.relative_humidity[at],
                         batch_id)  # fmt: skip


def _nearest(times: Sequence[datetime], moment: datetime) -> int | None:
    position = bisect.bisect_left(times, moment)
    candidates = [i for i in (position - 1, position) if 0 <= i < len(times)]
    best = min(candidates, key=lambda i: abs(times[i] - moment), default=None)
    if best is None or abs(times[best] - moment) > NEAREST_HOUR:
        return None
    return best


def _known_team(teams: TeamResolver, name: str) -> uuid.UUID:
    team = teams.known(name)
    if team is None:
        raise RowProblem("unknown_team", f"no team or alias named {name!r} is stored")
    return team


def _describe(row: SourceAvailability) -> str:
    fixture = f"{row.competition} {row.match_date.isoformat()} {row.home_team} v {row.away_team}"
    return f"{fixture}: {row.team} {row.player}"
