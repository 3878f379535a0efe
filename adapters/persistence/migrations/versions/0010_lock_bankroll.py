"""lock_bankroll(...): lock a bankroll's row, then read the running figures a change needs, in one call.

Every issue and placement on a bankroll queues on its row, so the row is held for as few round trips as
possible. The figures must be read after the lock is granted (they are what its previous holder
committed): the function is VOLATILE, so its second query takes a fresh snapshot once the row is locked
(READ COMMITTED). The first row returned carries the locked bankroll (`figure` = 'bankroll'); the others are
the figures asked for: exposure per fixture and per day, profit per day from a day, and the reservation of
open tickets (their stake, or the stake matched by bookmakers, their day and their legs' fixtures).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 13:40:00
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from alembic import op

if TYPE_CHECKING:
    from collections.abc import Sequence

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        """
        CREATE FUNCTION lock_bankroll(
            bankroll_key text, partner_key text, fixtures text[], days date[], profit_from date,
            ticket_keys text[], open_statuses text[], matched_statuses text[]
        ) RETURNS TABLE (
            figure text, figure_key text, figure_day date, figure_amount numeric, figure_legs text[],
            bankroll bankrolls
        )
        LANGUAGE plpgsql VOLATILE AS $$
        DECLARE
            locked bankrolls;
        BEGIN
            SELECT * INTO locked FROM bankrolls AS b
            WHERE b.id = bankroll_key AND b.partner_id = partner_key FOR UPDATE;
            IF NOT FOUND THEN
                RETURN;
            END IF;
            RETURN QUERY SELECT 'bankroll'::text, NULL::text, NULL::date, NULL::numeric, NULL::text[], locked;
            RETURN QUERY
                SELECT 'fixture'::text, f.fixture_id, NULL::date, f.amount, NULL::text[], NULL::bankrolls
                FROM bankroll_fixture_exposure AS f
                WHERE f.bankroll_id = bankroll_key AND f.fixture_id = ANY(fixtures)
                UNION ALL
                SELECT 'day', NULL, d.day, d.amount, NULL, NULL FROM bankroll_day_exposure AS d
                WHERE d.bankroll_id = bankroll_key AND d.day = ANY(days)
                UNION ALL
                SELECT 'profit', NULL, p.day, p.profit, NULL, NULL FROM bankroll_daily_profit AS p
                WHERE p.bankroll_id = bankroll_key AND profit_from IS NOT NULL AND p.day >= profit_from
                UNION ALL
                SELECT 'ticket', t.id, date(timezone('UTC', t.issued_at)),
                       coalesce((SELECT sum(m.matched_stake) FROM placements AS m
                                 WHERE m.ticket_id = t.id AND m.status = ANY(matched_statuses)), t.stake),
                       (SELECT array_agg(l.fixture_id) FROM ticket_legs AS l WHERE l.ticket_id = t.id), NULL
                FROM tickets AS t
                WHERE t.bankroll_id = bankroll_key AND t.id = ANY(ticket_keys)
                  AND t.status = ANY(open_statuses);
        END
        $$
        """
    )


def downgrade() -> None:
    op.execute("DROP FUNCTION lock_bankroll(text, text, text[], date[], date, text[], text[], text[])")
