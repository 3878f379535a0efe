"""Running figures kept with each write: a bankroll's exposure per fixture and per day, its profit per day
and since opening; a customer's running totals by kind with each transaction. Backfilled from the rows.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 17:45:00
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from alembic import op

from adapters.persistence.derived_state import rebuild_statements

if TYPE_CHECKING:
    from collections.abc import Sequence

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ("deposit", "withdrawal", "stake", "return")


def upgrade() -> None:
    op.add_column(
        "bankrolls", sa.Column("realised_profit", sa.Numeric(), server_default=sa.text("0"), nullable=False)
    )
    for table, key, key_type, amount in (
        ("bankroll_fixture_exposure", "fixture_id", sa.Text(), "amount"),
        ("bankroll_day_exposure", "day", sa.Date(), "amount"),
        ("bankroll_daily_profit", "day", sa.Date(), "profit"),
    ):
        op.create_table(
            table,
            sa.Column("bankroll_id", sa.Text(), nullable=False),
            sa.Column(key, key_type, nullable=False),
            sa.Column(amount, sa.Numeric(), nullable=False),
            sa.ForeignKeyConstraint(
                ["bankroll_id"], ["bankrolls.id"], name=op.f(f"fk_{table}_bankroll_id_bankrolls")
            ),
            sa.PrimaryKeyConstraint("bankroll_id", key, name=op.f(f"pk_{table}")),
        )
    for kind in KINDS:
        op.add_column(
            "customer_transactions",
            sa.Column(f"{kind}_to_date", sa.Numeric(), server_default=sa.text("0"), nullable=False),
        )
    op.drop_index("ix_customer_transactions_recent", table_name="customer_transactions")
    op.create_index(
        "ix_customer_transactions_running", "customer_transactions", ["customer_id", "occurred_at", "id"]
    )
    for statement in rebuild_statements():
        op.get_bind().execute(sa.text(statement), {"bankrolls": None, "customers": None})


def downgrade() -> None:
    op.drop_index("ix_customer_transactions_running", table_name="customer_transactions")
    op.create_index(
        "ix_customer_transactions_recent", "customer_transactions", ["customer_id", "occurred_at"]
    )
    for kind in KINDS:
        op.drop_column("customer_transactions", f"{kind}_to_date")
    for table in ("bankroll_daily_profit", "bankroll_day_exposure", "bankroll_fixture_exposure"):
        op.drop_table(table)
    op.drop_column("bankrolls", "realised_profit")
