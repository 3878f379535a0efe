"""How each pipeline table is written in bulk (identities as in application/pipeline/records.py)."""

from __future__ import annotations

from adapters.persistence.bulk import BulkWrite
from adapters.persistence.schema.pipeline import (
    ODDS_IDENTITY,
    competitions,
    fixtures,
    odds_quotes,
    player_availability,
    quarantine,
    results,
    seasons,
    team_aliases,
    teams,
    weather_reports,
)

_COMPETITION_DATA = ("name", "country", "youth", "college", "region")
COMPETITIONS = BulkWrite(
    competitions, ("code", *_COMPETITION_DATA), key=("code",), compared=_COMPETITION_DATA
)
SEASONS = BulkWrite(seasons, ("competition", "name"), key=("competition", "name"))
TEAMS = BulkWrite(teams, ("id", "name"), key=("id",))
ALIASES = BulkWrite(team_aliases, ("alias", "team_id", "source"), key=("alias",))
FIXTURE_DATA = ("competition", "season", "match_date", "home_team_id", "away_team_id", "kickoff_at")
FIXTURES = BulkWrite(
    fixtures, ("id", *FIXTURE_DATA, "batch_id"), key=("id",), compared=FIXTURE_DATA, fresh_by="id"
)
RESULT_DATA = ("home_goals", "away_goals", "home_goals_half_time", "away_goals_half_time", "statistics")
RESULTS = BulkWrite(
    results,
    ("fixture_id", *RESULT_DATA, "batch_id"),
    key=("fixture_id",),
    compared=RESULT_DATA,
    fresh_by="fixture_id",
)
# the field order of application.pipeline.records.OddsQuote: quotes are written as they come
ODDS_COLUMNS = (
    "fixture_id",
    "market",
    "line",
    "selection",
    "bookmaker",
    "price",
    "captured_at",
    "is_closing",
    "batch_id",
)
ODDS = BulkWrite(odds_quotes, ODDS_COLUMNS, key=ODDS_IDENTITY, compared=("price",), fresh_by="fixture_id")
QUARANTINE = BulkWrite(
    quarantine, ("batch_id", "row", "source", "locator", "reason", "content"), key=("batch_id", "row")
)
WEATHER_DATA = ("observed_at", "temperature_c", "precipitation_mm", "wind_speed_kmh", "relative_humidity")
WEATHER = BulkWrite(
    weather_reports, ("fixture_id", *WEATHER_DATA, "batch_id"), key=("fixture_id",), compared=WEATHER_DATA
)
AVAILABILITY_KEY = ("fixture_id", "team_id", "player")
AVAILABILITY_DATA = ("status", "reason", "reported_at")
AVAILABILITY = BulkWrite(
    player_availability,
    (*AVAILABILITY_KEY, *AVAILABILITY_DATA, "batch_id"),
    key=AVAILABILITY_KEY,
    compared=AVAILABILITY_DATA,
)
