"""Placements of tickets with bookmakers, the paper bookmaker's order log, bookmaker limit changes, alerts.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 14:30:00
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

if TYPE_CHECKING:
    from collections.abc import Sequence

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NOW = sa.text("now()")


def _money(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.Numeric(asdecimal=True), nullable=nullable)


def _json(name: str) -> sa.Column[object]:
    return sa.Column(name, postgresql.JSONB(astext_type=sa.Text()), nullable=False)


def _created() -> sa.Column[object]:
    return sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False)


def upgrade() -> None:
    op.create_table(
        "placements",
        sa.Column("ticket_id", sa.Text(), nullable=False),
        sa.Column("bookmaker", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("detail", sa.Text(), server_default="", nullable=False),
        _money("requested_stake"),
        _money("matched_stake"),
        _money("accepted_odds", nullable=True),
        _json("leg_odds"),
        _money("commission"),
        sa.Column("bet_ref", sa.Text(), nullable=True),
        sa.Column("placed_at", sa.DateTime(timezone=True), nullable=True),
        _created(),
        sa.CheckConstraint(
            "matched_stake >= 0 AND matched_stake <= requested_stake",
            name=op.f("ck_placements_matched_within_stake"),
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_placements_ticket_id_tickets"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("ticket_id", "bookmaker", name=op.f("pk_placements")),
    )
    op.create_table(
        "paper_orders",
        sa.Column("bet_ref", sa.Text(), nullable=False),
        sa.Column("bookmaker", sa.Text(), nullable=False),
        sa.Column("client_ref", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("detail", sa.Text(), server_default="", nullable=False),
        _money("requested_stake"),
        _money("matched_stake"),
        _json("leg_odds"),
        _money("commission"),
        sa.Column("placed_at", sa.DateTime(timezone=True), nullable=True),
        _created(),
        sa.PrimaryKeyConstraint("bet_ref", name=op.f("pk_paper_orders")),
        sa.UniqueConstraint("bookmaker", "client_ref", name="uq_paper_orders_client_ref"),
    )
    op.create_table(
        "bookmaker_limit_changes",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("bookmaker", sa.Text(), nullable=False),
        _money("previous", nullable=True),
        _money("current"),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bookmaker_limit_changes")),
    )
    op.create_index(
        "ix_bookmaker_limit_changes_bookmaker", "bookmaker_limit_changes", ["bookmaker", "id"], unique=False
    )
    op.create_table(
        "alerts",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        _json("details"),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alerts")),
        sa.UniqueConstraint("key", name="uq_alerts_key"),
    )
    op.create_index("ix_alerts_raised", "alerts", ["raised_at", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_alerts_raised", table_name="alerts")
    op.drop_table("alerts")
    op.drop_index("ix_bookmaker_limit_changes_bookmaker", table_name="bookmaker_limit_changes")
    op.drop_table("bookmaker_limit_changes")
    op.drop_table("paper_orders")
    op.drop_table("placements")
