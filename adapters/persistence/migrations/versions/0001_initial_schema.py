"""Initial schema: the whole data model of DESIGN.md (bronze, silver, gold, registry, betting, customers,
compliance, access).

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-25 10:45:13.518190
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

if TYPE_CHECKING:
    from collections.abc import Sequence

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("ref", sa.Text(), nullable=True),
        sa.Column("payload", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("prev_hash", sa.Text(), nullable=True),
        sa.Column("hash", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_log")),
    )
    op.create_table(
        "competitions",
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("country", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_competitions")),
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("partner_id", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.Text(), nullable=False),
        sa.Column("ticket_id", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("partner_id", "key", name=op.f("pk_idempotency_keys")),
    )
    op.create_table(
        "models",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "parameters",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column(
            "training_data_versions",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'[]'::jsonb"),
            nullable=False,
        ),
        sa.Column(
            "metrics",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column("artefact", sa.LargeBinary(), nullable=True),
        sa.Column("artefact_sha256", sa.Text(), nullable=True),
        sa.Column("stage", sa.Text(), server_default="challenger", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("stage_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "stage IN ('challenger', 'champion', 'retired')", name=op.f("ck_models_stage_known")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_models")),
        sa.UniqueConstraint("name", "version", name="uq_models_name_version"),
    )
    op.create_index(
        "uq_models_one_champion",
        "models",
        ["name"],
        unique=True,
        postgresql_where=sa.text("stage = 'champion'"),
    )
    op.create_table(
        "partners",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partners")),
        sa.UniqueConstraint("name", name=op.f("uq_partners_name")),
    )
    op.create_table(
        "policy_decisions",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("jurisdiction", sa.Text(), nullable=True),
        sa.Column("input", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("result", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("allow", sa.Boolean(), nullable=False),
        sa.Column(
            "reasons",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'[]'::jsonb"),
            nullable=False,
        ),
        sa.Column("bundle_hash", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_decisions")),
    )
    op.create_table(
        "raw_batches",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("locator", sa.Text(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sha256", sa.Text(), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name=op.f("ck_raw_batches_sha256_hex")),
        sa.CheckConstraint(
            "size_bytes = octet_length(payload)", name=op.f("ck_raw_batches_size_matches_payload")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_raw_batches")),
        sa.UniqueConstraint("source", "locator", "sha256", name="uq_raw_batches_payload"),
    )
    op.create_table(
        "teams",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams")),
    )
    op.create_table(
        "api_keys",
        sa.Column("key_id", sa.Text(), nullable=False),
        sa.Column("secret_hash", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("partner_id", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "role <> 'partner' OR partner_id IS NOT NULL", name=op.f("ck_api_keys_partner_key_has_partner")
        ),
        sa.CheckConstraint(
            "role IN ('partner', 'quant', 'auditor', 'admin')", name=op.f("ck_api_keys_role_known")
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partners.id"], name=op.f("fk_api_keys_partner_id_partners")
        ),
        sa.PrimaryKeyConstraint("key_id", name=op.f("pk_api_keys")),
    )
    op.create_index(op.f("ix_api_keys_partner_id"), "api_keys", ["partner_id"], unique=False)
    op.create_table(
        "bankrolls",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("partner_id", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("currency", sa.Text(), nullable=False),
        sa.Column("starting_balance", sa.Numeric(), nullable=False),
        sa.Column("available", sa.Numeric(), nullable=False),
        sa.Column("at_risk", sa.Numeric(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partners.id"], name=op.f("fk_bankrolls_partner_id_partners")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bankrolls")),
    )
    op.create_index(op.f("ix_bankrolls_partner_id"), "bankrolls", ["partner_id"], unique=False)
    op.create_table(
        "customers",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("partner_id", sa.Text(), nullable=False),
        sa.Column("jurisdiction", sa.Text(), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.Column("identity_verified", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("self_excluded_until", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partners.id"], name=op.f("fk_customers_partner_id_partners")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customers")),
    )
    op.create_index(op.f("ix_customers_partner_id"), "customers", ["partner_id"], unique=False)
    op.create_table(
        "model_decisions",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("challenger_version", sa.Integer(), nullable=False),
        sa.Column("champion_version", sa.Integer(), nullable=True),
        sa.Column("promoted", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("metric", sa.Text(), nullable=False),
        sa.Column("challenger_score", sa.Float(), nullable=True),
        sa.Column("champion_score", sa.Float(), nullable=True),
        sa.Column("margin", sa.Float(), nullable=False),
        sa.Column(
            "seasons",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'[]'::jsonb"),
            nullable=False,
        ),
        sa.Column("n_matches", sa.Integer(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["name", "challenger_version"],
            ["models.name", "models.version"],
            name=op.f("fk_model_decisions_name_models"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_model_decisions")),
    )
    op.create_index(op.f("ix_model_decisions_name"), "model_decisions", ["name"], unique=False)
    op.create_table(
        "quarantine",
        sa.Column("batch_id", sa.Uuid(), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("locator", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["raw_batches.id"], name=op.f("fk_quarantine_batch_id_raw_batches")
        ),
        sa.PrimaryKeyConstraint("batch_id", "row", name=op.f("pk_quarantine")),
    )
    op.create_table(
        "seasons",
        sa.Column("competition", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["competition"], ["competitions.code"], name=op.f("fk_seasons_competition_competitions")
        ),
        sa.PrimaryKeyConstraint("competition", "name", name=op.f("pk_seasons")),
    )
    op.create_table(
        "team_aliases",
        sa.Column("alias", sa.Text(), nullable=False),
        sa.Column("team_id", sa.Uuid(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_team_aliases_team_id_teams")),
        sa.PrimaryKeyConstraint("alias", name=op.f("pk_team_aliases")),
    )
    op.create_index(op.f("ix_team_aliases_team_id"), "team_aliases", ["team_id"], unique=False)
    op.create_table(
        "customer_transactions",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("customer_id", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("amount", sa.Numeric(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reference", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('deposit', 'withdrawal', 'stake', 'return')",
            name=op.f("ck_customer_transactions_kind_known"),
        ),
        sa.CheckConstraint("amount > 0", name=op.f("ck_customer_transactions_amount_positive")),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_customer_transactions_customer_id_customers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_transactions")),
    )
    op.create_index(
        "ix_customer_transactions_recent",
        "customer_transactions",
        ["customer_id", "occurred_at"],
        unique=False,
    )
    op.create_table(
        "fixtures",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("competition", sa.Text(), nullable=False),
        sa.Column("season", sa.Text(), nullable=False),
        sa.Column("match_date", sa.Date(), nullable=False),
        sa.Column("home_team_id", sa.Uuid(), nullable=False),
        sa.Column("away_team_id", sa.Uuid(), nullable=False),
        sa.Column("kickoff_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("batch_id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("home_team_id <> away_team_id", name=op.f("ck_fixtures_distinct_teams")),
        sa.ForeignKeyConstraint(["away_team_id"], ["teams.id"], name=op.f("fk_fixtures_away_team_id_teams")),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["raw_batches.id"], name=op.f("fk_fixtures_batch_id_raw_batches")
        ),
        sa.ForeignKeyConstraint(
            ["competition", "season"],
            ["seasons.competition", "seasons.name"],
            name=op.f("fk_fixtures_competition_seasons"),
        ),
        sa.ForeignKeyConstraint(["home_team_id"], ["teams.id"], name=op.f("fk_fixtures_home_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fixtures")),
        sa.UniqueConstraint(
            "competition", "match_date", "home_team_id", "away_team_id", name="uq_fixtures_natural_key"
        ),
    )
    op.create_index(op.f("ix_fixtures_away_team_id"), "fixtures", ["away_team_id"], unique=False)
    op.create_index(op.f("ix_fixtures_batch_id"), "fixtures", ["batch_id"], unique=False)
    op.create_index(op.f("ix_fixtures_home_team_id"), "fixtures", ["home_team_id"], unique=False)
    op.create_table(
        "ledger_entries",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("bankroll_id", sa.Text(), nullable=False),
        sa.Column("reference", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("account", sa.Text(), nullable=False),
        sa.Column("amount", sa.Numeric(), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["bankroll_id"], ["bankrolls.id"], name=op.f("fk_ledger_entries_bankroll_id_bankrolls")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_entries")),
    )
    op.create_index(
        "ix_ledger_entries_bankroll_posted", "ledger_entries", ["bankroll_id", "posted_at"], unique=False
    )
    op.create_index(op.f("ix_ledger_entries_reference"), "ledger_entries", ["reference"], unique=False)
    op.create_table(
        "tickets",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("partner_id", sa.Text(), nullable=False),
        sa.Column("customer_id", sa.Text(), nullable=False),
        sa.Column("bankroll_id", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("stake", sa.Numeric(), nullable=False),
        sa.Column("combined_odds", sa.Numeric(), nullable=False),
        sa.Column("policy_decision_id", sa.Text(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("payout", sa.Numeric(), nullable=True),
        sa.Column("settled_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("stake > 0", name=op.f("ck_tickets_stake_positive")),
        sa.ForeignKeyConstraint(
            ["bankroll_id"], ["bankrolls.id"], name=op.f("fk_tickets_bankroll_id_bankrolls")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_tickets_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(["partner_id"], ["partners.id"], name=op.f("fk_tickets_partner_id_partners")),
        sa.ForeignKeyConstraint(
            ["policy_decision_id"],
            ["policy_decisions.id"],
            name=op.f("fk_tickets_policy_decision_id_policy_decisions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tickets")),
    )
    op.create_index(op.f("ix_tickets_bankroll_id"), "tickets", ["bankroll_id"], unique=False)
    op.create_index(op.f("ix_tickets_customer_id"), "tickets", ["customer_id"], unique=False)
    op.create_index("ix_tickets_partner_issued", "tickets", ["partner_id", "issued_at"], unique=False)
    op.create_index(op.f("ix_tickets_policy_decision_id"), "tickets", ["policy_decision_id"], unique=False)
    op.create_table(
        "features",
        sa.Column("fixture_id", sa.Uuid(), nullable=False),
        sa.Column("feature_set", sa.Text(), nullable=False),
        sa.Column("as_of", sa.DateTime(timezone=True), nullable=False),
        sa.Column("values", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "data_versions",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'[]'::jsonb"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["fixture_id"], ["fixtures.id"], name=op.f("fk_features_fixture_id_fixtures"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("fixture_id", "feature_set", "as_of", name=op.f("pk_features")),
    )
    op.create_table(
        "odds_quotes",
        sa.Column("fixture_id", sa.Uuid(), nullable=False),
        sa.Column("market", sa.Text(), nullable=False),
        sa.Column("line", sa.Numeric(precision=6, scale=2), nullable=True),
        sa.Column("selection", sa.Text(), nullable=False),
        sa.Column("bookmaker", sa.Text(), nullable=False),
        sa.Column("is_closing", sa.Boolean(), nullable=False),
        sa.Column("captured_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("price", sa.Numeric(), nullable=False),
        sa.Column("batch_id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("price > 1", name=op.f("ck_odds_quotes_price_above_one")),
        sa.ForeignKeyConstraint(
            ["fixture_id"],
            ["fixtures.id"],
            name=op.f("fk_odds_quotes_fixture_id_fixtures"),
            ondelete="CASCADE",
        ),
    )
    op.create_index(
        "uq_odds_quotes_identity",
        "odds_quotes",
        ["fixture_id", "market", "line", "selection", "bookmaker", "is_closing", "captured_at"],
        unique=True,
        postgresql_nulls_not_distinct=True,
    )
    op.create_table(
        "player_availability",
        sa.Column("fixture_id", sa.Uuid(), nullable=False),
        sa.Column("team_id", sa.Uuid(), nullable=False),
        sa.Column("player", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("batch_id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "status IN ('injured', 'suspended', 'doubtful', 'available')",
            name=op.f("ck_player_availability_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["raw_batches.id"], name=op.f("fk_player_availability_batch_id_raw_batches")
        ),
        sa.ForeignKeyConstraint(
            ["fixture_id"],
            ["fixtures.id"],
            name=op.f("fk_player_availability_fixture_id_fixtures"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_player_availability_team_id_teams")),
        sa.PrimaryKeyConstraint("fixture_id", "team_id", "player", name=op.f("pk_player_availability")),
    )
    op.create_index(
        op.f("ix_player_availability_batch_id"), "player_availability", ["batch_id"], unique=False
    )
    op.create_table(
        "predictions",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("model_id", sa.BigInteger(), nullable=False),
        sa.Column("fixture_id", sa.Uuid(), nullable=False),
        sa.Column("market", sa.Text(), nullable=False),
        sa.Column("line", sa.Numeric(precision=6, scale=2), nullable=True),
        sa.Column("selection", sa.Text(), nullable=False),
        sa.Column("probability", sa.Float(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "probability >= 0 AND probability <= 1", name=op.f("ck_predictions_probability_range")
        ),
        sa.ForeignKeyConstraint(
            ["fixture_id"], ["fixtures.id"], name=op.f("fk_predictions_fixture_id_fixtures")
        ),
        sa.ForeignKeyConstraint(["model_id"], ["models.id"], name=op.f("fk_predictions_model_id_models")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_predictions")),
    )
    op.create_index(op.f("ix_predictions_fixture_id"), "predictions", ["fixture_id"], unique=False)
    op.create_index(op.f("ix_predictions_model_id"), "predictions", ["model_id"], unique=False)
    op.create_index(
        "uq_predictions_identity",
        "predictions",
        ["model_id", "fixture_id", "market", "line", "selection"],
        unique=True,
        postgresql_nulls_not_distinct=True,
    )
    op.create_table(
        "results",
        sa.Column("fixture_id", sa.Uuid(), nullable=False),
        sa.Column("home_goals", sa.SmallInteger(), nullable=False),
        sa.Column("away_goals", sa.SmallInteger(), nullable=False),
        sa.Column("home_goals_half_time", sa.SmallInteger(), nullable=True),
        sa.Column("away_goals_half_time", sa.SmallInteger(), nullable=True),
        sa.Column(
            "statistics",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column("batch_id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("home_goals >= 0 AND away_goals >= 0", name=op.f("ck_results_goals_non_negative")),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["raw_batches.id"], name=op.f("fk_results_batch_id_raw_batches")
        ),
        sa.ForeignKeyConstraint(
            ["fixture_id"], ["fixtures.id"], name=op.f("fk_results_fixture_id_fixtures"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("fixture_id", name=op.f("pk_results")),
    )
    op.create_index(op.f("ix_results_batch_id"), "results", ["batch_id"], unique=False)
    op.create_table(
        "ticket_legs",
        sa.Column("ticket_id", sa.Text(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("fixture_id", sa.Text(), nullable=False),
        sa.Column("competition", sa.Text(), nullable=False),
        sa.Column("market", sa.Text(), nullable=False),
        sa.Column("line", sa.Numeric(precision=6, scale=2), nullable=True),
        sa.Column("selection", sa.Text(), nullable=False),
        sa.Column("bookmaker", sa.Text(), nullable=False),
        sa.Column("price", sa.Numeric(), nullable=False),
        sa.Column("correlation_group", sa.Text(), nullable=True),
        sa.Column("in_play", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.CheckConstraint("price > 1", name=op.f("ck_ticket_legs_price_above_one")),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_ticket_legs_ticket_id_tickets"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("ticket_id", "position", name=op.f("pk_ticket_legs")),
    )
    op.create_index(op.f("ix_ticket_legs_fixture_id"), "ticket_legs", ["fixture_id"], unique=False)
    op.create_table(
        "weather_reports",
        sa.Column("fixture_id", sa.Uuid(), nullable=False),
        sa.Column("observed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("temperature_c", sa.Float(), nullable=True),
        sa.Column("precipitation_mm", sa.Float(), nullable=True),
        sa.Column("wind_speed_kmh", sa.Float(), nullable=True),
        sa.Column("relative_humidity", sa.Float(), nullable=True),
        sa.Column("batch_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["raw_batches.id"], name=op.f("fk_weather_reports_batch_id_raw_batches")
        ),
        sa.ForeignKeyConstraint(
            ["fixture_id"],
            ["fixtures.id"],
            name=op.f("fk_weather_reports_fixture_id_fixtures"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("fixture_id", name=op.f("pk_weather_reports")),
    )
    op.create_index(op.f("ix_weather_reports_batch_id"), "weather_reports", ["batch_id"], unique=False)
    op.create_table(
        "edges",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("prediction_id", sa.BigInteger(), nullable=True),
        sa.Column("fixture_id", sa.Uuid(), nullable=False),
        sa.Column("market", sa.Text(), nullable=False),
        sa.Column("line", sa.Numeric(precision=6, scale=2), nullable=True),
        sa.Column("selection", sa.Text(), nullable=False),
        sa.Column("bookmaker", sa.Text(), nullable=False),
        sa.Column("price", sa.Numeric(), nullable=False),
        sa.Column("probability", sa.Float(), nullable=False),
        sa.Column("edge", sa.Float(), nullable=False),
        sa.Column("kelly_fraction", sa.Float(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["fixture_id"], ["fixtures.id"], name=op.f("fk_edges_fixture_id_fixtures")),
        sa.ForeignKeyConstraint(
            ["prediction_id"], ["predictions.id"], name=op.f("fk_edges_prediction_id_predictions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_edges")),
    )
    op.create_index(op.f("ix_edges_fixture_id"), "edges", ["fixture_id"], unique=False)
    op.create_index(op.f("ix_edges_prediction_id"), "edges", ["prediction_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_edges_prediction_id"), table_name="edges")
    op.drop_index(op.f("ix_edges_fixture_id"), table_name="edges")
    op.drop_table("edges")
    op.drop_index(op.f("ix_weather_reports_batch_id"), table_name="weather_reports")
    op.drop_table("weather_reports")
    op.drop_index(op.f("ix_ticket_legs_fixture_id"), table_name="ticket_legs")
    op.drop_table("ticket_legs")
    op.drop_index(op.f("ix_results_batch_id"), table_name="results")
    op.drop_table("results")
    op.drop_index("uq_predictions_identity", table_name="predictions", postgresql_nulls_not_distinct=True)
    op.drop_index(op.f("ix_predictions_model_id"), table_name="predictions")
    op.drop_index(op.f("ix_predictions_fixture_id"), table_name="predictions")
    op.drop_table("predictions")
    op.drop_index(op.f("ix_player_availability_batch_id"), table_name="player_availability")
    op.drop_table("player_availability")
    op.drop_index("uq_odds_quotes_identity", table_name="odds_quotes", postgresql_nulls_not_distinct=True)
    op.drop_table("odds_quotes")
    op.drop_table("features")
    op.drop_index(op.f("ix_tickets_policy_decision_id"), table_name="tickets")
    op.drop_index("ix_tickets_partner_issued", table_name="tickets")
    op.drop_index(op.f("ix_tickets_customer_id"), table_name="tickets")
    op.drop_index(op.f("ix_tickets_bankroll_id"), table_name="tickets")
    op.drop_table("tickets")
    op.drop_index(op.f("ix_ledger_entries_reference"), table_name="ledger_entries")
    op.drop_index("ix_ledger_entries_bankroll_posted", table_name="ledger_entries")
    op.drop_table("ledger_entries")
    op.drop_index(op.f("ix_fixtures_home_team_id"), table_name="fixtures")
    op.drop_index(op.f("ix_fixtures_batch_id"), table_name="fixtures")
    op.drop_index(op.f("ix_fixtures_away_team_id"), table_name="fixtures")
    op.drop_table("fixtures")
    op.drop_index("ix_customer_transactions_recent", table_name="customer_transactions")
    op.drop_table("customer_transactions")
    op.drop_index(op.f("ix_team_aliases_team_id"), table_name="team_aliases")
    op.drop_table("team_aliases")
    op.drop_table("seasons")
    op.drop_table("quarantine")
    op.drop_index(op.f("ix_model_decisions_name"), table_name="model_decisions")
    op.drop_table("model_decisions")
    op.drop_index(op.f("ix_customers_partner_id"), table_name="customers")
    op.drop_table("customers")
    op.drop_index(op.f("ix_bankrolls_partner_id"), table_name="bankrolls")
    op.drop_table("bankrolls")
    op.drop_index(op.f("ix_api_keys_partner_id"), table_name="api_keys")
    op.drop_table("api_keys")
    op.drop_table("teams")
    op.drop_table("raw_batches")
    op.drop_table("policy_decisions")
    op.drop_table("partners")
    op.drop_index(
        "uq_models_one_champion", table_name="models", postgresql_where=sa.text("stage = 'champion'")
    )
    op.drop_table("models")
    op.drop_table("idempotency_keys")
    op.drop_table("competitions")
    op.drop_table("audit_log")
