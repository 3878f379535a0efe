"""The rate_limit_hits table: per-key and per-address request counters shared by every API worker.

UNLOGGED: counters of the current window only, worth no WAL; a crash empties the table, which merely
starts every window afresh.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 18:00:00
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from alembic import op

if TYPE_CHECKING:
    from collections.abc import Sequence

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        """
        CREATE UNLOGGED TABLE rate_limit_hits (
            bucket text NOT NULL,
            window_end double precision NOT NULL,
            hits integer NOT NULL,
            CONSTRAINT pk_rate_limit_hits PRIMARY KEY (bucket)
        )
        """
    )


def downgrade() -> None:
    op.drop_table("rate_limit_hits")
