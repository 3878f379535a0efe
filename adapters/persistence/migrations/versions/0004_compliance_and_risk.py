"""Compliance and risk: customer compliance state and chosen deposit limits, bankroll risk rules with the
persisted peak, the competition catalogue's youth/college flags and region, idempotent partner requests,
key expiry; append-only triggers on the records auditors rely on, and the runtime role.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

if TYPE_CHECKING:
    from collections.abc import Sequence

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY = ("audit_log", "policy_decisions", "ledger_entries")
RUNTIME_ROLE = "stakewise_runtime"

_APPEND_ONLY_FUNCTION = """
CREATE OR REPLACE FUNCTION stakewise_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""

# The runtime role (API, workers) reads and writes rows but owns nothing: no DDL, no TRUNCATE, no trigger
# rights. Created here when the migrating user may create roles; skipped (with a notice) otherwise.
_RUNTIME_ROLE = f"""
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{RUNTIME_ROLE}') THEN
        CREATE ROLE {RUNTIME_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO {RUNTIME_ROLE}', current_database());
    GRANT USAGE ON SCHEMA public TO {RUNTIME_ROLE};
    REVOKE CREATE ON SCHEMA public FROM {RUNTIME_ROLE};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {RUNTIME_ROLE};
    REVOKE UPDATE, DELETE ON audit_log, policy_decisions, ledger_entries FROM {RUNTIME_ROLE};
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {RUNTIME_ROLE};
    ALTER DEFAULT PRIVILEGES IN SCHEMA public
        GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {RUNTIME_ROLE};
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {RUNTIME_ROLE};
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'role {RUNTIME_ROLE} not set up: the migrating user may not create roles';
END
$$
"""  # noqa: S608  RUNTIME_ROLE is a constant


def upgrade() -> None:
    op.add_column("customers", sa.Column("cool_off_until", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "customers",
        sa.Column("deposit_limits", postgresql.JSONB(astext_type=sa.Text()),
                  server_default=sa.text("'{}'::jsonb"), nullable=False),
    )  # fmt: skip
    op.add_column(
        "bankrolls",
        sa.Column("risk", postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"),
                  nullable=False),
    )  # fmt: skip
    op.add_column("bankrolls", sa.Column("peak_balance", sa.Numeric(), nullable=True))
    op.execute("UPDATE bankrolls SET peak_balance = GREATEST(starting_balance, available + at_risk)")
    op.alter_column("bankrolls", "peak_balance", nullable=False)
    op.add_column("competitions", sa.Column("youth", sa.Boolean(), server_default="false", nullable=False))
    op.add_column("competitions", sa.Column("college", sa.Boolean(), server_default="false", nullable=False))
    op.add_column("competitions", sa.Column("region", sa.Text(), nullable=True))
    op.add_column("api_keys", sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "idempotent_requests",
        sa.Column("partner_id", sa.Text(), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.Text(), nullable=False),
        sa.Column("response", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("partner_id", "scope", "key", name=op.f("pk_idempotent_requests")),
    )
    op.execute(_APPEND_ONLY_FUNCTION)
    for table in APPEND_ONLY:
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION stakewise_append_only()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION stakewise_append_only()"
        )
    op.execute(_RUNTIME_ROLE)


def downgrade() -> None:
    for table in APPEND_ONLY:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    op.execute("DROP FUNCTION IF EXISTS stakewise_append_only()")
    op.drop_table("idempotent_requests")
    op.drop_column("api_keys", "expires_at")
    for column in ("region", "college", "youth"):
        op.drop_column("competitions", column)
    op.drop_column("bankrolls", "peak_balance")
    op.drop_column("bankrolls", "risk")
    op.drop_column("customers", "deposit_limits")
    op.drop_column("customers", "cool_off_until")
