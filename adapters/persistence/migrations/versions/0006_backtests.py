"""The backtests table: runs of `stakewise backtest --store` with their figures and report documents.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 14:40:00
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

if TYPE_CHECKING:
    from collections.abc import Sequence

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "backtests",
        sa.Column("backtest_id", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("leagues", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("first_season", sa.Text(), nullable=False),
        sa.Column("last_season", sa.Text(), nullable=False),
        sa.Column("strategy", sa.Text(), nullable=False),
        sa.Column("staking", sa.Text(), nullable=False),
        sa.Column("bets", sa.Integer(), nullable=False),
        sa.Column("roi", sa.Float(), nullable=True),
        sa.Column("clv_mean", sa.Float(), nullable=True),
        sa.Column("clv_positive_share", sa.Float(), nullable=True),
        sa.Column("document", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.PrimaryKeyConstraint("backtest_id", name=op.f("pk_backtests")),
    )
    op.create_index("ix_backtests_strategy_created_at", "backtests", ["strategy", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_backtests_strategy_created_at", table_name="backtests")
    op.drop_table("backtests")
