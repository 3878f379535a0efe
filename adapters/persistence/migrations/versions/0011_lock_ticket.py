"""lock_ticket(ticket_key): lock a ticket's row, then read its legs and placements, in one call.

Placing and settling lock the ticket first (two workers on one ticket queue, the second finds it done).
The legs and placements are read after the lock is granted, so they include what the lock's previous
holder committed: the function is VOLATILE, its query takes a fresh snapshot once the row is locked
(READ COMMITTED). One row, or none when there is no such ticket.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 14:05:00
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from alembic import op

if TYPE_CHECKING:
    from collections.abc import Sequence

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        """
        CREATE FUNCTION lock_ticket(ticket_key text)
        RETURNS TABLE (ticket tickets, legs ticket_legs[], placed placements[])
        LANGUAGE plpgsql VOLATILE AS $$
        DECLARE
            locked tickets;
        BEGIN
            SELECT * INTO locked FROM tickets AS t WHERE t.id = ticket_key FOR UPDATE;
            IF NOT FOUND THEN
                RETURN;
            END IF;
            RETURN QUERY SELECT
                locked,
                ARRAY(SELECT l FROM ticket_legs AS l WHERE l.ticket_id = ticket_key ORDER BY l.position),
                ARRAY(SELECT p FROM placements AS p WHERE p.ticket_id = ticket_key ORDER BY p.created_at);
        END
        $$
        """
    )


def downgrade() -> None:
    op.execute("DROP FUNCTION lock_ticket(text)")
