"""Market catalogue: a fixture's stored status (postponed, abandoned), tickets set aside for review, and
each ticket leg's lineage (the price-book entry it was checked against, the quote's model figures).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 14:30:00
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from alembic import op

if TYPE_CHECKING:
    from collections.abc import Sequence

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LEG_LINEAGE = (
    ("book_price", sa.Numeric()),
    ("book_captured_at", sa.DateTime(timezone=True)),
    ("book_batch_id", sa.Uuid()),
    ("model_version", sa.Text()),
    ("model_probability", sa.Float()),
    ("model_edge", sa.Float()),
)


def upgrade() -> None:
    op.add_column("fixtures", sa.Column("status", sa.Text(), nullable=True))
    op.create_check_constraint(
        op.f("ck_fixtures_stored_status"),
        "fixtures",
        "status IS NULL OR status IN ('postponed', 'abandoned')",
    )
    op.add_column("tickets", sa.Column("review_reason", sa.Text(), nullable=True))
    for name, kind in LEG_LINEAGE:
        op.add_column("ticket_legs", sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    for name, _ in LEG_LINEAGE:
        op.drop_column("ticket_legs", name)
    op.drop_column("tickets", "review_reason")
    op.drop_constraint(op.f("ck_fixtures_stored_status"), "fixtures", type_="check")
    op.drop_column("fixtures", "status")
