"""The running figures stored beside the records they are derived from, rebuilt and checked against them.

A bankroll keeps its balances (`available`, `at_risk`), its realised profit since opening and per day of
settlement (`bankroll_daily_profit`), and the stake at risk of its open tickets per fixture
(`bankroll_fixture_exposure`) and per betting day (`bankroll_day_exposure`); a customer's transactions
keep the running totals by kind up to each of them (`<kind>_to_date`, in (occurred_at, id) order). They
are changed with each write, in its transaction (adapters.persistence.betting); here they are derived
from the ledger, the tickets and the transactions alone:

- `rebuild_derived_state` replaces the stored figures by the derived ones (migration 0007's backfill; a
  bulk load that wrote rows with plain SQL calls it afterwards);
- `derived_state_differences` names every bankroll or customer whose stored figures differ from the
  derived ones (`stakewise audit verify`).

Days are UTC dates, as the domain's betting and settlement days are (the clock runs in UTC).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import text

from adapters.persistence.schema.customers import RUNNING_KINDS
from domain.placement import PlacementStatus
from domain.tickets import STAKE_RESERVED

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.ext.asyncio import AsyncConnection

_OPEN = ", ".join(f"'{status.value}'" for status in sorted(STAKE_RESERVED))
_MATCHED = f"'{PlacementStatus.ACCEPTED.value}', '{PlacementStatus.PARTIALLY_MATCHED.value}'"
_BANKROLLS = "(CAST(:bankrolls AS text[]) IS NULL OR {column} = ANY(CAST(:bankrolls AS text[])))"
_CUSTOMERS = "(CAST(:customers AS text[]) IS NULL OR {column} = ANY(CAST(:customers AS text[])))"

# the stake still at risk of each open ticket: its matched stake once placed, else its whole stake
_OPEN_TICKETS = f"""
    SELECT t.id, t.bankroll_id, (t.issued_at AT TIME ZONE 'UTC')::date AS day,
           COALESCE((SELECT sum(p.matched_stake) FROM placements p
                     WHERE p.ticket_id = t.id AND p.status IN ({_MATCHED})), t.stake) AS stake
    FROM tickets t
    WHERE t.status IN ({_OPEN}) AND {_BANKROLLS.format(column="t.bankroll_id")}
"""
EXPECTED_FIXTURE_EXPOSURE = f"""
    SELECT o.bankroll_id, l.fixture_id AS key, sum(o.stake) AS amount
    FROM ({_OPEN_TICKETS}) o
    JOIN (SELECT DISTINCT ticket_id, fixture_id FROM ticket_legs) l ON l.ticket_id = o.id
    GROUP BY o.bankroll_id, l.fixture_id
"""
EXPECTED_DAY_EXPOSURE = f"""
    SELECT o.bankroll_id, o.day AS key, sum(o.stake) AS amount FROM ({_OPEN_TICKETS}) o
    GROUP BY o.bankroll_id, o.day
"""
EXPECTED_DAILY_PROFIT = f"""
    SELECT e.bankroll_id, (e.posted_at AT TIME ZONE 'UTC')::date AS key, -sum(e.amount) AS amount
    FROM ledger_entries e
    WHERE e.description = 'ticket settled' AND e.account = 'bookmaker'
      AND {_BANKROLLS.format(column="e.bankroll_id")}
    GROUP BY e.bankroll_id, (e.posted_at AT TIME ZONE 'UTC')::date
"""
EXPECTED_BALANCES = f"""
    SELECT b.id AS bankroll_id,
           COALESCE(sum(e.amount) FILTER (WHERE e.account = 'available'), 0) AS available,
           COALESCE(sum(e.amount) FILTER (WHERE e.account = 'at_risk'), 0) AS at_risk,
           COALESCE(-sum(e.amount) FILTER (
               WHERE e.account = 'bookmaker' AND e.description = 'ticket settled'), 0) AS realised_profit
    FROM bankrolls b LEFT JOIN ledger_entries e ON e.bankroll_id = b.id
    WHERE {_BANKROLLS.format(column="b.id")}
    GROUP BY b.id
"""
_TOTALS = ", ".join(
    f"sum(CASE WHEN t.kind = '{kind}' THEN t.amount ELSE 0 END) "
    f"OVER (PARTITION BY t.customer_id ORDER BY t.occurred_at, t.id) AS {kind}_to_date"
    for kind in RUNNING_KINDS
)
EXPECTED_RUNNING_TOTALS = f"""
    SELECT t.id, t.customer_id, {_TOTALS} FROM customer_transactions t
    WHERE {_CUSTOMERS.format(column="t.customer_id")}
"""

_FIGURES = (  # table, key column, amount column, the query deriving them
    ("bankroll_fixture_exposure", "fixture_id", "amount", EXPECTED_FIXTURE_EXPOSURE),
    ("bankroll_day_exposure", "day", "amount", EXPECTED_DAY_EXPOSURE),
    ("bankroll_daily_profit", "day", "profit", EXPECTED_DAILY_PROFIT),
)


def rebuild_statements() -> list[str]:
    """The statements `rebuild_derived_state` runs, with the parameters `bankrolls` and `customers` (text
    arrays, NULL for all): migration 0007 runs them once for every row."""
    statements = []
    for table, key, amount, expected in _FIGURES:
        statements.append(f"DELETE FROM {table} WHERE {_BANKROLLS.format(column='bankroll_id')}")
        statements.append(
            f"INSERT INTO {table} (bankroll_id, {key}, {amount}) "
            f"SELECT x.bankroll_id, x.key, x.amount FROM ({expected}) x WHERE x.amount <> 0"
        )
    statements.append(
        f"""UPDATE bankrolls b SET available = x.available, at_risk = x.at_risk,
               realised_profit = x.realised_profit,
               peak_balance = greatest(b.peak_balance, x.available + x.at_risk)
           FROM ({EXPECTED_BALANCES}) x WHERE b.id = x.bankroll_id"""
    )
    assignments = ", ".join(f"{kind}_to_date = x.{kind}_to_date" for kind in RUNNING_KINDS)
    statements.append(
        f"UPDATE customer_transactions c SET {assignments} "
        f"FROM ({EXPECTED_RUNNING_TOTALS}) x WHERE c.id = x.id"
    )
    return statements


async def rebuild_derived_state(
    connection: AsyncConnection,
    bankroll_ids: Sequence[str] | None = None,
    customer_ids: Sequence[str] | None = None,
) -> None:
    """Derive the stored running figures of the given bankrolls and customers (None: all of them) from
    their ledger, tickets and transactions, in the caller's transaction. Lock-free: run it while nothing
    else writes to them (after a bulk load, in a migration)."""
    parameters = _parameters(bankroll_ids, customer_ids)
    for statement in rebuild_statements():
        await connection.execute(text(statement), parameters)


async def derived_state_differences(
    connection: AsyncConnection,
    bankroll_ids: Sequence[str] | None = None,
    customer_ids: Sequence[str] | None = None,
) -> list[str]:
    """One line per stored figure that differs from what the records give (none when all agree)."""
    parameters = _parameters(bankroll_ids, customer_ids)
    found: list[str] = []
    for table, key, amount, expected in _FIGURES:
        query = f"""
            SELECT COALESCE(s.bankroll_id, x.bankroll_id) AS bankroll_id, COALESCE(s.{key}, x.key) AS key,
                   COALESCE(s.{amount}, 0) AS stored, COALESCE(x.amount, 0) AS derived
            FROM (SELECT * FROM {table} WHERE {_BANKROLLS.format(column="bankroll_id")}) s
            FULL JOIN ({expected}) x ON x.bankroll_id = s.bankroll_id AND x.key = s.{key}
            WHERE COALESCE(s.{amount}, 0) <> COALESCE(x.amount, 0)
            ORDER BY 1, 2"""
        for row in await connection.execute(text(query), parameters):
            found.append(
                f"bankroll {row.bankroll_id}: stored {table} for {row.key} is {row.stored}, "
                f"its records give {row.derived}"
            )
    balances = f"""
        SELECT b.id, b.realised_profit, x.realised_profit AS derived, b.peak_balance,
               b.available + b.at_risk AS balance
        FROM bankrolls b JOIN ({EXPECTED_BALANCES}) x ON x.bankroll_id = b.id
        WHERE b.realised_profit <> x.realised_profit OR b.peak_balance < b.available + b.at_risk
        ORDER BY b.id"""
    for row in await connection.execute(text(balances), parameters):
        found.append(
            f"bankroll {row.id}: stored realised profit {row.realised_profit}, "
            f"its ledger gives {row.derived}; "
            f"peak balance {row.peak_balance} against a balance of {row.balance}"
        )
    differs = " OR ".join(f"c.{kind}_to_date <> x.{kind}_to_date" for kind in RUNNING_KINDS)
    running = f"""
        SELECT c.customer_id, count(*) AS rows FROM customer_transactions c
        JOIN ({EXPECTED_RUNNING_TOTALS}) x ON x.id = c.id WHERE {differs}
        GROUP BY c.customer_id ORDER BY c.customer_id"""
    for row in await connection.execute(text(running), parameters):
        found.append(
            f"customer {row.customer_id}: the running totals of {row.rows} transaction(s) differ from "
            "the sums of the transactions before them"
        )
    return found


def _parameters(bankroll_ids: Sequence[str] | None, customer_ids: Sequence[str] | None) -> dict[str, Any]:
    return {
        "bankrolls": None if bankroll_ids is None else list(bankroll_ids),
        "customers": None if customer_ids is None else list(customer_ids),
    }
