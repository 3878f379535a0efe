"""Bronze (raw payloads), silver (clean football facts), quarantine and gold (point-in-time features).

Identities are computed by the application (application/pipeline/records.py: uuid5 of natural keys), so
whole batches are written without lookups; the natural keys are unique here as well.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from adapters.persistence.schema.base import Line, Price, created_at, metadata, uuid_reference

# bronze: every payload as received, never edited; its id is the dataset version downstream records, and
# a locator's versions are its batches in the order they were fetched
raw_batches = Table(
    "raw_batches",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("source", Text, nullable=False),
    Column("locator", Text, nullable=False),
    Column("fetched_at", DateTime(timezone=True), nullable=False),
    Column("sha256", Text, nullable=False),
    Column("size_bytes", BigInteger, nullable=False),
    Column("payload", LargeBinary, nullable=False),
    created_at(),
    UniqueConstraint("source", "locator", "sha256", name="uq_raw_batches_payload"),
    CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name="sha256_hex"),
    CheckConstraint("size_bytes = octet_length(payload)", name="size_matches_payload"),
)

competitions = Table(
    "competitions",
    metadata,
    Column("code", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("country", Text, nullable=True),
    # the competition catalogue: events involving minors, college teams, and the region they come from
    Column("youth", Boolean, nullable=False, server_default="false"),
    Column("college", Boolean, nullable=False, server_default="false"),
    Column("region", Text, nullable=True),
)

seasons = Table(
    "seasons",
    metadata,
    Column("competition", Text, ForeignKey("competitions.code"), primary_key=True),
    Column("name", Text, primary_key=True),
)

teams = Table(
    "teams",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("name", Text, nullable=False),
)

# names differ between sources ("Man United", "Manchester United"): every normalised name maps to one team
team_aliases = Table(
    "team_aliases",
    metadata,
    Column("alias", Text, primary_key=True),
    uuid_reference("team_id", "teams.id"),
    Column("source", Text, nullable=False),
)

fixtures = Table(
    "fixtures",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("competition", Text, nullable=False),
    Column("season", Text, nullable=False),
    Column("match_date", Date, nullable=False),
    uuid_reference("home_team_id", "teams.id"),
    uuid_reference("away_team_id", "teams.id"),
    Column("kickoff_at", DateTime(timezone=True), nullable=True),
    uuid_reference("batch_id", "raw_batches.id"),
    # set by data only: postponed or abandoned; every other status follows from kickoff, result and clock
    Column("status", Text, nullable=True),
    ForeignKeyConstraint(["competition", "season"], ["seasons.competition", "seasons.name"]),
    UniqueConstraint(
        "competition", "match_date", "home_team_id", "away_team_id", name="uq_fixtures_natural_key"
    ),
    CheckConstraint("home_team_id <> away_team_id", name="distinct_teams"),
    CheckConstraint("status IS NULL OR status IN ('postponed', 'abandoned')", name="stored_status"),
)

results = Table(
    "results",
    metadata,
    Column("fixture_id", Uuid, ForeignKey("fixtures.id", ondelete="CASCADE"), primary_key=True),
    Column("home_goals", SmallInteger, nullable=False),
    Column("away_goals", SmallInteger, nullable=False),
    Column("home_goals_half_time", SmallInteger, nullable=True),
    Column("away_goals_half_time", SmallInteger, nullable=True),
    Column("statistics", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    uuid_reference("batch_id", "raw_batches.id"),
    CheckConstraint("home_goals >= 0 AND away_goals >= 0", name="goals_non_negative"),
)

# one long table: the price of one selection of one market at one bookmaker, early or closing
odds_quotes = Table(
    "odds_quotes",
    metadata,
    Column("fixture_id", Uuid, ForeignKey("fixtures.id", ondelete="CASCADE"), nullable=False),
    Column("market", Text, nullable=False),
    Column("line", Line, nullable=True),
    Column("selection", Text, nullable=False),
    Column("bookmaker", Text, nullable=False),
    Column("is_closing", Boolean, nullable=False),
    Column("captured_at", DateTime(timezone=True), nullable=False),
    Column("price", Price, nullable=False),
    Column("batch_id", Uuid, nullable=False),  # no foreign key: 4 million checks of the one batch just stored
    CheckConstraint("price > 1", name="price_above_one"),
)
ODDS_IDENTITY = ("fixture_id", "market", "line", "selection", "bookmaker", "is_closing", "captured_at")
Index(
    "uq_odds_quotes_identity",
    *(odds_quotes.c[name] for name in ODDS_IDENTITY),
    unique=True,
    postgresql_nulls_not_distinct=True,
)

# source rows that failed validation, with the reason: nothing is dropped silently
quarantine = Table(
    "quarantine",
    metadata,
    Column("batch_id", Uuid, ForeignKey("raw_batches.id"), primary_key=True),
    Column("row", Integer, primary_key=True),
    Column("source", Text, nullable=False),
    Column("locator", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("content", Text, nullable=False),
    created_at(),
)

weather_reports = Table(
    "weather_reports",
    metadata,
    Column("fixture_id", Uuid, ForeignKey("fixtures.id", ondelete="CASCADE"), primary_key=True),
    Column("observed_at", DateTime(timezone=True), nullable=False),
    Column("temperature_c", Float, nullable=True),
    Column("precipitation_mm", Float, nullable=True),
    Column("wind_speed_kmh", Float, nullable=True),
    Column("relative_humidity", Float, nullable=True),
    uuid_reference("batch_id", "raw_batches.id"),
)

player_availability = Table(
    "player_availability",
    metadata,
    Column("fixture_id", Uuid, ForeignKey("fixtures.id", ondelete="CASCADE"), primary_key=True),
    Column("team_id", Uuid, ForeignKey("teams.id"), primary_key=True),
    Column("player", Text, primary_key=True),
    Column("status", Text, nullable=False),
    Column("reason", Text, nullable=True),
    Column("reported_at", DateTime(timezone=True), nullable=False),
    uuid_reference("batch_id", "raw_batches.id"),
    CheckConstraint("status IN ('injured', 'suspended', 'doubtful', 'available')", name="status_known"),
)

# gold: a feature row of a fixture only uses information available before its as_of
features = Table(
    "features",
    metadata,
    Column("fixture_id", Uuid, ForeignKey("fixtures.id", ondelete="CASCADE"), primary_key=True),
    Column("feature_set", Text, primary_key=True),
    Column("as_of", DateTime(timezone=True), primary_key=True),
    Column("values", JSONB, nullable=False),
    Column("data_versions", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    created_at(),
)
