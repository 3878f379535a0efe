"""audit_chain_head(lock_key): take the audit chain's advisory lock, then read the chain's head, in one call.

A unit of work that appends to the chain holds the lock until it commits, and every writer queues on it;
locking and reading the head in one statement (sent with the unit of work's write batch) holds it for one
round trip fewer. The head must be read after the lock is granted, or two writers could both chain onto
the same entry: the function is VOLATILE, so its query takes a fresh snapshot once the lock is held
(READ COMMITTED), and sees every entry committed by the lock's previous holder.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 13:20:00
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from alembic import op

if TYPE_CHECKING:
    from collections.abc import Sequence

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        """
        CREATE FUNCTION audit_chain_head(lock_key bigint) RETURNS TABLE (hash text, at timestamptz)
        LANGUAGE plpgsql VOLATILE AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock(lock_key);
            RETURN QUERY
                SELECT (SELECT entry.hash FROM audit_log AS entry ORDER BY entry.seq DESC LIMIT 1), now();
        END
        $$
        """
    )


def downgrade() -> None:
    op.execute("DROP FUNCTION audit_chain_head(bigint)")
