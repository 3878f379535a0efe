"""Edges as the pipeline stores them: the best price's capture time, the expected value, an edge that
may be unknown (no bookmaker prices the whole market), and each edge of a stored prediction once per
prediction, bookmaker, price and capture time.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 15:00:00
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from alembic import op

if TYPE_CHECKING:
    from collections.abc import Sequence

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EDGE_IDENTITY = ["prediction_id", "bookmaker", "price", "captured_at"]


def upgrade() -> None:
    op.add_column("edges", sa.Column("captured_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("edges", sa.Column("expected_value", sa.Float(), nullable=True))
    op.alter_column("edges", "edge", existing_type=sa.Float(), nullable=True)
    op.create_index(
        "uq_edges_identity",
        "edges",
        EDGE_IDENTITY,
        unique=True,
        postgresql_nulls_not_distinct=True,
        postgresql_where=sa.text("prediction_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("uq_edges_identity", table_name="edges")
    op.execute("DELETE FROM edges WHERE edge IS NULL")
    op.alter_column("edges", "edge", existing_type=sa.Float(), nullable=False)
    op.drop_column("edges", "expected_value")
    op.drop_column("edges", "captured_at")
