"""History for bench.api's "issue with history" row: bankrolls and customers as they look after months of use.

`seed_history` fills, in bulk SQL on the server (generate_series, no round trip per row), for each
(partner, customer, bankroll, fixture) it is given:

- `open_tickets` issued tickets (stake 1.00, one leg on the fixture), issued over the last 30 days, each
  with its reservation posting (`stake reserved`: available -> at_risk) and the customer's stake;
- as many settled tickets, issued and settled 31 to 120 days ago, as it takes for the bankroll's ledger to
  hold at least `ledger_entries` entries (2 for the opening, 2 per reservation, 3 per settlement;
  every other one won at 2.00): their postings, the customer's stakes and returns, outside the policy's
  30-day window;
- deposits within the last 30 days when `transactions` asks for more of the customer's movements in that
  window than the open tickets' stakes;
- one policy decision (allowed) per customer that every seeded ticket refers to.

The seeded rows' ids are ordered per bankroll (bankroll id, kind, number) rather than random, so that
the bulk inserts append to the indexes (about 40 % faster). Every posting balances (its entries sum to
zero) and the tickets, legs, postings and customer movements agree with each other as if the API had
written them. The audit log is not written: the seeded rows are history, not requests. The last step
rebuilds what is derived from those rows (`rebuild_stored_state`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import text

from adapters.persistence.derived_state import rebuild_derived_state

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

STAKE = Decimal("1.00")
OPENING_ENTRIES = 2  # the opening posting: capital -> available
RESERVATION_ENTRIES = 2
SETTLEMENT_ENTRIES = 3


@dataclass(frozen=True, slots=True)
class HistoryTarget:
    partner_id: str
    customer_id: str
    bankroll_id: str
    fixture_id: str  # the catalogue fixture the open tickets' legs are on


def settled_tickets_for(open_tickets: int, ledger_entries: int) -> int:
    """How many settled tickets bring the ledger to at least `ledger_entries` entries."""
    missing = ledger_entries - OPENING_ENTRIES - RESERVATION_ENTRIES * open_tickets
    per_settled = RESERVATION_ENTRIES + SETTLEMENT_ENTRIES
    return max(0, -(-missing // per_settled))


# One statement per step; :open, :settled and :deposits are counts, the others the target's ids.
STEPS = (
    """
    INSERT INTO policy_decisions (id, jurisdiction, input, result, allow, reasons)
    VALUES (:decision, 'GB', '{"seeded": "bench.history"}', '{"allow": true}', true, '[]')
    """,
    # open tickets: issued over the last 30 days (the newest a minute ago), nothing placed yet
    """
    INSERT INTO tickets (id, partner_id, customer_id, bankroll_id, status, stake, combined_odds,
                         policy_decision_id, issued_at)
    SELECT :bankroll || '-o' || lpad(i::text, 7, '0'), :partner, :customer, :bankroll, 'issued',
           CAST(:stake AS numeric), 2.00, :decision,
           now() - interval '1 minute' - (i::float8 / CAST(:open AS int)) * interval '29 days'
    FROM generate_series(0, CAST(:open AS int) - 1) AS i
    """,
    # settled tickets: issued 31 to 120 days ago, settled two hours later; even ones won at 2.00
    """
    INSERT INTO tickets (id, partner_id, customer_id, bankroll_id, status, stake, combined_odds,
                         policy_decision_id, issued_at, payout, settled_at)
    SELECT :bankroll || '-s' || lpad(i::text, 7, '0'), :partner, :customer, :bankroll, 'settled',
           CAST(:stake AS numeric), 2.00, :decision, at,
           CASE WHEN i % 2 = 0 THEN 2 * CAST(:stake AS numeric) ELSE 0 END, at + interval '2 hours'
    FROM generate_series(0, CAST(:settled AS int) - 1) AS i,
         LATERAL (SELECT now() - interval '31 days'
                         - (i::float8 / CAST(:settled AS int)) * interval '89 days') AS t(at)
    """,
    """
    INSERT INTO ticket_legs (ticket_id, position, fixture_id, competition, market, selection, bookmaker,
                             price, outcome)
    SELECT id, 0,
           CASE WHEN status = 'settled' THEN md5('past fixture ' || (issued_at::date)) ELSE :fixture END,
           'B', '1x2', 'home', 'pinnacle', 2.00,
           CASE WHEN status <> 'settled' THEN NULL WHEN payout > 0 THEN 'win' ELSE 'loss' END
    FROM tickets WHERE bankroll_id = :bankroll AND policy_decision_id = :decision
    """,
    # every seeded ticket's reservation: available -> at_risk
    """
    INSERT INTO ledger_entries (id, bankroll_id, reference, description, account, amount, posted_at)
    SELECT t.id || '-r-' || e.account, :bankroll, t.id, 'stake reserved', e.account,
           e.sign * t.stake, t.issued_at
    FROM tickets AS t, (VALUES ('available', -1), ('at_risk', 1)) AS e(account, sign)
    WHERE t.bankroll_id = :bankroll AND t.policy_decision_id = :decision
    """,
    # every settlement: the stake leaves at_risk, the bookmaker keeps stake - payout, the payout comes back
    """
    INSERT INTO ledger_entries (id, bankroll_id, reference, description, account, amount, posted_at)
    SELECT t.id || '-s-' || e.account, :bankroll, t.id, 'ticket settled', e.account,
           CASE e.account WHEN 'at_risk' THEN -t.stake WHEN 'bookmaker' THEN t.stake - t.payout
                          ELSE t.payout END,
           t.settled_at
    FROM tickets AS t, (VALUES ('at_risk'), ('bookmaker'), ('available')) AS e(account)
    WHERE t.bankroll_id = :bankroll AND t.policy_decision_id = :decision AND t.status = 'settled'
    """,
    # the customer's movements: a stake per ticket, a return per won ticket, deposits in the window
    """
    INSERT INTO customer_transactions (customer_id, kind, amount, occurred_at, reference)
    SELECT :customer, 'stake', stake, issued_at, id
    FROM tickets WHERE bankroll_id = :bankroll AND policy_decision_id = :decision
    UNION ALL
    SELECT :customer, 'return', payout, settled_at, id
    FROM tickets WHERE bankroll_id = :bankroll AND policy_decision_id = :decision AND payout > 0
    UNION ALL
    SELECT :customer, 'deposit', 10.00,
           now() - interval '2 minutes' - (i::float8 / CAST(:deposits AS int)) * interval '29 days', NULL
    FROM generate_series(0, CAST(:deposits AS int) - 1) AS i
    """,
)

# Derived from the ledger: the stored balances and the peak balance of each bankroll.
REBUILD_BALANCES = """
UPDATE bankrolls AS b
SET available = s.available, at_risk = s.at_risk,
    peak_balance = greatest(b.peak_balance, s.available + s.at_risk)
FROM (
    SELECT bankroll_id,
           coalesce(sum(amount) FILTER (WHERE account = 'available'), 0) AS available,
           coalesce(sum(amount) FILTER (WHERE account = 'at_risk'), 0) AS at_risk
    FROM ledger_entries WHERE bankroll_id = ANY(:bankrolls) GROUP BY bankroll_id
) AS s
WHERE b.id = s.bankroll_id
"""


async def seed_history(
    engine: AsyncEngine,
    targets: Sequence[HistoryTarget],
    *,
    open_tickets: int = 10_000,
    ledger_entries: int = 100_000,
    transactions: int = 10_000,
) -> None:
    """Give each target's bankroll and customer their history (see the module docstring), in one
    transaction. The bankrolls must be freshly opened (their ledger holds the opening posting only)."""
    settled = settled_tickets_for(open_tickets, ledger_entries)
    async with engine.begin() as connection:
        for target in targets:
            values = {
                "partner": target.partner_id,
                "customer": target.customer_id,
                "bankroll": target.bankroll_id,
                "fixture": target.fixture_id,
                "decision": uuid.uuid4().hex,
                "stake": STAKE,
                "open": open_tickets,
                "settled": settled,
                "deposits": max(0, transactions - open_tickets),
            }
            for step in STEPS:
                await connection.execute(text(step), values)
        # ---- final step: rebuild derived state ---------------------------------------------------------
        await rebuild_stored_state(
            connection, [target.bankroll_id for target in targets], [target.customer_id for target in targets]
        )
    async with engine.connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        # as months of use leave them: statistics current, hint bits set, visibility maps written (else
        # the first reads of the bulk rows, and autovacuum, would run during the measured rows)
        for table in ("tickets", "ticket_legs", "ledger_entries", "customer_transactions"):
            await autocommit.execute(text(f"VACUUM (ANALYZE) {table}"))


async def rebuild_stored_state(
    connection: AsyncConnection, bankroll_ids: list[str], customer_ids: list[str]
) -> None:
    """Rebuild derived state: everything stored beside the ledger, the tickets and the customers'
    movements and derived from them, made true again after the bulk insert (in the same transaction).
    The bankrolls' stored balances and peaks, then the running figures kept per bankroll (exposure per
    fixture and per day, profit per day) and per customer (running totals of each movement)."""
    await connection.execute(text(REBUILD_BALANCES), {"bankrolls": bankroll_ids})
    await rebuild_derived_state(connection, bankroll_ids, customer_ids)
