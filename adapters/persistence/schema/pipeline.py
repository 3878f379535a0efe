"""Bronze (raw payloads), silver (clean football facts) and gold (point-in-time features)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from adapters.persistence.schema.base import Line, Price, created_at, metadata, reference, serial_id

# bronze: every payload as received, never edited; its id is the dataset version downstream records
raw_batches = Table(
    "raw_batches",
    metadata,
    serial_id(),
    Column("source", Text, nullable=False),
    Column("locator", Text, nullable=False),
    Column("fetched_at", DateTime(timezone=True), nullable=False),
    Column("sha256", Text, nullable=False),
    Column("size_bytes", BigInteger, nullable=False),
    Column("payload", LargeBinary, nullable=False),
    Column("version", Integer, nullable=False),
    created_at(),
    UniqueConstraint("source", "locator", "sha256", name="uq_raw_batches_payload"),
    UniqueConstraint("source", "locator", "version", name="uq_raw_batches_version"),
    CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name="sha256_hex"),
    CheckConstraint("version >= 1", name="version_positive"),
)

competitions = Table(
    "competitions",
    metadata,
    serial_id(),
    Column("code", Text, nullable=False, unique=True),
    Column("name", Text, nullable=True),
    Column("country", Text, nullable=True),
)

seasons = Table(
    "seasons",
    metadata,
    serial_id(),
    reference("competition_id", "competitions.id"),
    Column("label", Text, nullable=False),
    Column("starts_on", Date, nullable=True),
    Column("ends_on", Date, nullable=True),
    UniqueConstraint("competition_id", "label", name="uq_seasons_competition_label"),
)

teams = Table(
    "teams",
    metadata,
    serial_id(),
    Column("name", Text, nullable=False, unique=True),
    Column("country", Text, nullable=True),
)

# names differ between sources ("Man United", "Manchester United"): each source's name maps to one team
team_aliases = Table(
    "team_aliases",
    metadata,
    Column("source", Text, primary_key=True),
    Column("alias", Text, primary_key=True),
    reference("team_id", "teams.id"),
)

fixtures = Table(
    "fixtures",
    metadata,
    serial_id(),
    reference("competition_id", "competitions.id"),
    reference("season_id", "seasons.id"),
    Column("match_date", Date, nullable=False),
    Column("kickoff_at", DateTime(timezone=True), nullable=True),
    reference("home_team_id", "teams.id"),
    reference("away_team_id", "teams.id"),
    reference("batch_id", "raw_batches.id", nullable=True),
    UniqueConstraint(
        "competition_id",
        "season_id",
        "match_date",
        "home_team_id",
        "away_team_id",
        name="uq_fixtures_natural_key",
    ),
    CheckConstraint("home_team_id <> away_team_id", name="distinct_teams"),
)

results = Table(
    "results",
    metadata,
    Column("fixture_id", BigInteger, ForeignKey("fixtures.id", ondelete="CASCADE"), primary_key=True),
    Column("home_goals", SmallInteger, nullable=False),
    Column("away_goals", SmallInteger, nullable=False),
    Column("half_time_home_goals", SmallInteger, nullable=True),
    Column("half_time_away_goals", SmallInteger, nullable=True),
    Column("statistics", JSONB, nullable=True),
    reference("batch_id", "raw_batches.id", nullable=True),
    CheckConstraint("home_goals >= 0 AND away_goals >= 0", name="goals_non_negative"),
)

# one long table: a price of one selection of one market at one bookmaker, early or closing
odds_quotes = Table(
    "odds_quotes",
    metadata,
    serial_id(),
    Column("fixture_id", BigInteger, ForeignKey("fixtures.id", ondelete="CASCADE"), nullable=False),
    Column("market", Text, nullable=False),
    Column("line", Line, nullable=True),
    Column("selection", Text, nullable=False),
    Column("bookmaker", Text, nullable=False),
    Column("price", Price, nullable=False),
    Column("captured_at", DateTime(timezone=True), nullable=True),
    Column("is_closing", Boolean, nullable=False),
    reference("batch_id", "raw_batches.id", nullable=True),
    CheckConstraint("price > 1", name="price_above_one"),
)
Index(
    "uq_odds_quotes_natural_key",
    odds_quotes.c.fixture_id,
    odds_quotes.c.market,
    odds_quotes.c.line,
    odds_quotes.c.selection,
    odds_quotes.c.bookmaker,
    odds_quotes.c.is_closing,
    odds_quotes.c.captured_at,
    unique=True,
    postgresql_nulls_not_distinct=True,
)

# source rows that failed validation, with the reason: nothing is dropped silently
quarantine = Table(
    "quarantine",
    metadata,
    serial_id(),
    reference("batch_id", "raw_batches.id"),
    Column("source", Text, nullable=False),
    Column("locator", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("raw_row", Text, nullable=False),
    created_at(),
    UniqueConstraint("batch_id", "locator", name="uq_quarantine_batch_locator"),
)

features = Table(
    "features",
    metadata,
    serial_id(),
    reference("fixture_id", "fixtures.id"),
    Column("feature_set", Text, nullable=False),
    Column("as_of", DateTime(timezone=True), nullable=False),
    Column("values", JSONB, nullable=False),
    Column("data_versions", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    created_at(),
    UniqueConstraint("fixture_id", "feature_set", "as_of", name="uq_features_point_in_time"),
)
