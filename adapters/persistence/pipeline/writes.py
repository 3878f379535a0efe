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

BATCH = ("batch_id",)

COMPETITIONS = BulkWrite(competitions, key=("code",), compared=("name", "country"))
SEASONS = BulkWrite(seasons, key=("competition", "name"))
TEAMS = BulkWrite(teams, key=("id",), carried=("name",))
ALIASES = BulkWrite(team_aliases, key=("alias",), carried=("team_id", "source"))
FIXTURES = BulkWrite(
    fixtures,
    key=("id",),
    compared=("competition", "season", "match_date", "home_team_id", "away_team_id", "kickoff_at"),
    carried=BATCH,
)
RESULTS = BulkWrite(
    results,
    key=("fixture_id",),
    compared=("home_goals", "away_goals", "home_goals_half_time", "away_goals_half_time", "statistics"),
    carried=BATCH,
)
ODDS = BulkWrite(odds_quotes, key=ODDS_IDENTITY, compared=("price",), carried=BATCH)
QUARANTINE = BulkWrite(
    quarantine, key=("batch_id", "row"), carried=("source", "locator", "reason", "content")
)
WEATHER = BulkWrite(
    weather_reports,
    key=("fixture_id",),
    compared=("observed_at", "temperature_c", "precipitation_mm", "wind_speed_kmh", "relative_humidity"),
    carried=BATCH,
)
AVAILABILITY = BulkWrite(
    player_availability,
    key=("fixture_id", "team_id", "player"),
    compared=("status", "reason", "reported_at"),
    carried=BATCH,
)
