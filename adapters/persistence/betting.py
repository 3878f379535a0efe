"""The betting unit of work on PostgreSQL: customers, bankrolls and ledger, tickets, idempotency keys.

Everything a ticket touches happens in one transaction on one connection. Rows that decide whether money
may be spent are locked (`SELECT ... FOR UPDATE`) until the transaction ends, always in one order so
concurrent requests queue instead of deadlocking or overspending: the ticket (placing, settling), then the
customer, then the bankroll, and last, at commit, the audit chain's advisory lock.

A bankroll and a customer keep running figures beside their rows (adapters.persistence.derived_state
derives the same from the records): the bankroll's exposure per fixture and per day, its profit per day
and since opening; each customer transaction's running totals by kind. Issuing reads only the figures of
its fixtures and day, the customer's totals at four moments: a bounded read whatever the history.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Self

from sqlalchemy import insert, select, update

from adapters.persistence import cursors
from adapters.persistence.catalogue import PostgresMarketCatalogue
from adapters.persistence.compliance_state import (
    PostgresCompetitionFacts,
    PostgresRequestIdempotency,
    deposit_limits_json,
    deposit_limits_of,
    risk_json,
    risk_of,
)
from adapters.persistence.decision_records import PostgresAuditTrail, PostgresDecisionLog
from adapters.persistence.driver import attributes
from adapters.persistence.errors import UNREACHABLE, database_unavailable, is_unavailable
from adapters.persistence.placement_rows import PLACEMENT_SELECT, placement_of
from adapters.persistence.schema.betting import (
    bankrolls,
    idempotency_keys,
    ledger_entries,
    tickets,
)
from adapters.persistence.schema.customers import RUNNING_KINDS, customers
from adapters.persistence.write_batch import Write, WriteBatch
from application.audit_events import EventCollector, EventSource, TicketContext
from application.ports.bankroll_repository import BankrollSummary, LedgerLine, NewBankroll
from application.ports.idempotency_store import IdempotencyRecord
from application.ports.ticket_repository import LegLineage, TicketRecord
from domain.bankroll import EMPTY_SCOPE, Bankroll, BankrollScope, BankrollSnapshot, Reservation, profit_days
from domain.customers import WINDOWS, Customer, CustomerActivity, Transaction, WindowTotals
from domain.ledger import Account
from domain.legs import Leg
from domain.odds import Odds
from domain.placement import Placement, PlacementStatus
from domain.tickets import STAKE_RESERVED, TicketStatus

if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import TracebackType

    from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

    from application.pagination import Page, PageRequest
    from application.ports.audit_anchor import AuditAnchor
    from domain.risk import RiskSettings

ZERO = Decimal(0)
OPEN_STATUSES = tuple(status.value for status in STAKE_RESERVED)  # stakes still reserved


def _in_scope(column: Any, partner_scope: str | None) -> Any:
    return column == partner_scope if partner_scope is not None else column.is_not(None)


def _batch_of(connection: AsyncConnection | WriteBatch) -> WriteBatch:
    return connection if isinstance(connection, WriteBatch) else WriteBatch(connection, deferred=False)


class PostgresCustomers:
    def __init__(self, connection: AsyncConnection | WriteBatch) -> None:
        self._c = _batch_of(connection)

    async def add(self, customer: Customer) -> None:
        await self._c.execute(
            insert(customers).values(
                id=customer.customer_id,
                partner_id=customer.partner_id,
                jurisdiction=customer.jurisdiction,
                date_of_birth=customer.date_of_birth,
                **_compliance_state(customer),
            )
        )

    async def update(self, customer: Customer) -> None:
        await self._c.execute(
            update(customers)
            .where(customers.c.id == customer.customer_id)
            .values(**_compliance_state(customer))
        )

    async def get(self, partner_scope: str | None, customer_id: str) -> Customer | None:
        query = select(customers).where(
            customers.c.id == customer_id, _in_scope(customers.c.partner_id, partner_scope)
        )
        row = (await self._c.execute(query)).first()
        return None if row is None else _customer(row)

    async def lock(self, partner_id: str, customer_id: str) -> Customer | None:
        row = await (await self._c.driver()).fetchrow(LOCK_CUSTOMER, customer_id, partner_id)
        return None if row is None else _customer(attributes(row, "deposit_limits"))

    async def page(self, partner_scope: str | None, request: PageRequest) -> Page[Customer]:
        query = select(customers).where(_in_scope(customers.c.partner_id, partner_scope))
        query = cursors.keyset(query, customers.c.created_at, customers.c.id, request, newest_first=False)
        rows = (await self._c.execute(query)).all()
        created = {row.id: row.created_at for row in rows}
        return cursors.page_of(
            [_customer(row) for row in rows], request, lambda c: (created[c.customer_id], c.customer_id)
        )

    async def add_transaction(self, transaction: Transaction) -> None:
        """The row with its running totals (those of the row before it in time, plus its amount), and the
        totals of any rows after it in time (a transaction arriving late) moved by its amount: two writes
        on one snapshot. The caller holds the customer's lock."""
        at, kind = transaction.at, transaction.kind.value
        customer, amount = transaction.customer_id, transaction.amount
        await self._c.add(
            Write("customer_transactions", MOVE_LATER[kind], (customer, at, amount)),
            Write(
                "customer_transactions", ADD_TRANSACTION, (customer, kind, amount, at, transaction.reference)
            ),
        )

    async def activity(self, customer_id: str, now: datetime) -> CustomerActivity:
        """Each window is the running totals at `now` less those at its start: index look-ups, however
        many transactions the customer has."""
        names = ["now", *WINDOWS]
        moments = [now, *(now - timedelta(days=days) for days in WINDOWS.values())]
        rows = await (await self._c.driver()).fetch(RUNNING_TOTALS, customer_id, names, moments)
        totals: dict[str, list[Decimal]] = {
            row[0]: [ZERO if value is None else value for value in row[1:]] for row in rows
        }
        return CustomerActivity(
            {
                window: WindowTotals(*(a - b for a, b in zip(totals["now"], totals[window], strict=True)))
                for window in WINDOWS
            }
        )


_TO_DATE = [f"{kind}_to_date" for kind in RUNNING_KINDS]
RUNNING_TOTALS = (
    "SELECT m.name, "  # noqa: S608  column names from RUNNING_KINDS; values are bound
    + ", ".join(f"t.{column}" for column in _TO_DATE)
    + """
FROM unnest($2::text[], $3::timestamptz[]) AS m(name, at)
LEFT JOIN LATERAL (
    SELECT * FROM customer_transactions
    WHERE customer_id = $1::text AND occurred_at <= m.at ORDER BY occurred_at DESC, id DESC LIMIT 1
) AS t ON true
"""
)
MOVE_LATER = {
    kind: f"UPDATE customer_transactions SET {kind}_to_date = {kind}_to_date + $3::numeric "  # noqa: S608
    "WHERE customer_id = $1::text AND occurred_at > $2::timestamptz"
    for kind in RUNNING_KINDS
}  # a transaction arriving late moves the running totals of those after it
ADD_TRANSACTION = f"""
INSERT INTO customer_transactions (customer_id, kind, amount, occurred_at, reference, {", ".join(_TO_DATE)})
SELECT $1::text, $2::text, $3::numeric, $4::timestamptz, $5::text,
       {
    ", ".join(
        f"coalesce(before.{kind}_to_date, 0) + CASE WHEN $2::text = '{kind}' THEN $3::numeric ELSE 0 END"
        for kind in RUNNING_KINDS
    )
}
FROM (SELECT 1) AS one LEFT JOIN LATERAL (
    SELECT * FROM customer_transactions
    WHERE customer_id = $1::text AND occurred_at <= $4::timestamptz ORDER BY occurred_at DESC, id DESC LIMIT 1
) AS before ON true
"""  # noqa: S608  the column names are constants; its running totals: those of the row before it, plus it
LOCK_CUSTOMER = """
SELECT id, partner_id, jurisdiction, date_of_birth, identity_verified, self_excluded_until, cool_off_until,
       deposit_limits::text AS deposit_limits
FROM customers WHERE id = $1::text AND partner_id = $2::text FOR UPDATE
"""


def _customer(row: Any) -> Customer:
    return Customer(
        row.id,
        row.partner_id,
        row.jurisdiction,
        row.date_of_birth,
        row.identity_verified,
        row.self_excluded_until,
        row.cool_off_until,
        deposit_limits_of(row.deposit_limits),
    )


def _compliance_state(customer: Customer) -> dict[str, Any]:
    return {
        "identity_verified": customer.identity_verified,
        "self_excluded_until": customer.self_excluded_until,
        "cool_off_until": customer.cool_off_until,
        "deposit_limits": deposit_limits_json(customer.deposit_limits),
    }


class PostgresBankrolls:
    def __init__(self, connection: AsyncConnection | WriteBatch) -> None:
        self._c = _batch_of(connection)
        self._locked: dict[str, Any] = {}  # rows locked by this transaction and not changed since

    async def add(self, bankroll: NewBankroll) -> None:
        await self._c.execute(
            insert(bankrolls).values(
                id=bankroll.bankroll_id,
                partner_id=bankroll.partner_id,
                name=bankroll.name,
                currency=bankroll.currency,
                starting_balance=bankroll.starting_balance,
                available=ZERO,
                at_risk=ZERO,
                created_at=bankroll.created_at,
                risk=risk_json(bankroll.risk),
                peak_balance=bankroll.starting_balance,
            )
        )
        opened = Bankroll(bankroll.bankroll_id, bankroll.starting_balance)
        await self.save(opened, bankroll.created_at)

    async def lock(
        self, partner_id: str, bankroll_id: str, scope: BankrollScope = EMPTY_SCOPE
    ) -> Bankroll | None:
        """The row locked and the figures `scope` needs read once the lock is granted (those the lock's last
        holder committed), in one call (migration 0010): a bounded read, whatever the bankroll's history."""
        driver = await self._c.driver()
        keys = (sorted(scope.fixtures), sorted(scope.days))
        tickets_of = (sorted(scope.tickets), list(OPEN_STATUSES), list(MATCHED_STATUSES))

        async def lock_reading_profit_from(day: date | None) -> Sequence[Any]:
            return await driver.fetch(LOCK_BANKROLL, bankroll_id, partner_id, *keys, day, *tickets_of)

        assumed = profit_days((), scope.days)  # the profit days of a bankroll without a stop rule over days
        rows = await lock_reading_profit_from(assumed)
        if not rows:
            return None
        row = attributes(rows[0]["bankroll"], "risk")
        self._locked[row.id] = row
        rules = risk_of(row.risk).rules()
        profit_from = profit_days(rules, scope.days)
        if profit_from != assumed:  # its stop rules read earlier days: again (the row is already this lock's)
            rows = await lock_reading_profit_from(profit_from)
        return Bankroll.restore(_snapshot(row, scope, profit_from, rows[1:]), rules)

    async def set_risk(self, bankroll_id: str, risk: RiskSettings) -> None:
        self._locked.pop(bankroll_id, None)
        await self._c.execute(
            update(bankrolls).where(bankrolls.c.id == bankroll_id).values(risk=risk_json(risk))
        )

    async def save(self, bankroll: Bankroll, at: datetime) -> None:
        """The ledger rows, the differences of the exposure and profit figures (upserted), the bankroll's
        balances, realised profit and peak: one unit of the unit of work's write batch."""
        changes = bankroll.changes()
        entries = [(p, e) for p in changes.postings for e in p.entries]
        if not entries and not changes.fixture_exposure and not changes.day_exposure:
            return
        self._locked.pop(bankroll.bankroll_id, None)
        change = {
            account: sum((e.amount for _, e in entries if e.account is account), ZERO)
            for account in (Account.AVAILABLE, Account.AT_RISK)
        }
        bankroll_id = bankroll.bankroll_id
        writes: list[Write] = []
        if entries:
            ledger = ([uuid.uuid4().hex for _ in entries], [p.reference for p, _ in entries],
                      [p.description for p, _ in entries], [e.account.value for _, e in entries],
                      [e.amount for _, e in entries])  # fmt: skip
            writes.append(Write("ledger_entries", ADD_LEDGER_ENTRIES, (bankroll_id, at, *ledger)))
        figures = (
            ("bankroll_fixture_exposure", ADD_FIXTURE_EXPOSURE, changes.fixture_exposure),
            ("bankroll_day_exposure", ADD_DAY_EXPOSURE, changes.day_exposure),
            ("bankroll_daily_profit", ADD_DAILY_PROFIT, changes.profit_by_day),
        )
        for table, sql, differences in figures:
            if differences:
                keys, amounts = list(differences), list(differences.values())
                writes.append(Write(table, sql, (bankroll_id, keys, amounts)))
        moved = change[Account.AVAILABLE] + change[Account.AT_RISK]
        profit = sum(changes.profit_by_day.values(), ZERO)
        writes.append(
            Write(
                "bankrolls",
                MOVE_BANKROLL,
                (
                    bankroll_id,
                    change[Account.AVAILABLE],
                    change[Account.AT_RISK],
                    profit,
                    moved,
                    changes.peak_balance,
                ),
            )
        )
        await self._c.add(*writes)

    async def summary(self, partner_scope: str | None, bankroll_id: str) -> BankrollSummary | None:
        locked = self._locked.get(bankroll_id)
        if locked is not None and partner_scope in (None, locked.partner_id):
            return _summary(locked)  # this transaction holds the row's lock and has not changed it
        query = select(bankrolls).where(
            bankrolls.c.id == bankroll_id, _in_scope(bankrolls.c.partner_id, partner_scope)
        )
        row = (await self._c.execute(query)).first()
        return None if row is None else _summary(row)

    async def page(self, partner_scope: str | None, request: PageRequest) -> Page[BankrollSummary]:
        query = select(bankrolls).where(_in_scope(bankrolls.c.partner_id, partner_scope))
        query = cursors.keyset(query, bankrolls.c.created_at, bankrolls.c.id, request, newest_first=False)
        rows = (await self._c.execute(query)).all()
        return cursors.page_of(
            [_summary(row) for row in rows], request, lambda b: (b.created_at, b.bankroll_id)
        )

    async def ledger(
        self, partner_scope: str | None, bankroll_id: str, request: PageRequest
    ) -> Page[LedgerLine] | None:
        if await self.summary(partner_scope, bankroll_id) is None:
            return None
        e = ledger_entries
        query = cursors.keyset(
            select(e).where(e.c.bankroll_id == bankroll_id), e.c.posted_at, e.c.id, request, newest_first=True
        )
        lines = [
            LedgerLine(
                row.id,
                row.bankroll_id,
                row.reference,
                row.description,
                row.account,
                row.amount,
                row.posted_at,
            )
            for row in (await self._c.execute(query)).all()
        ]
        return cursors.page_of(lines, request, lambda line: (line.posted_at, line.entry_id))


ADD_LEDGER_ENTRIES = """
INSERT INTO ledger_entries (id, bankroll_id, reference, description, account, amount, posted_at)
SELECT e.id, $1::text, e.reference, e.description, e.account, e.amount, $2::timestamptz
FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::numeric[])
     AS e(id, reference, description, account, amount)
"""
_ADD_FIGURES = """
INSERT INTO {table} AS stored (bankroll_id, {key}, {amount})
SELECT $1::text, change.key, change.amount FROM unnest($2::{key_type}[], $3::numeric[]) AS change(key, amount)
ON CONFLICT (bankroll_id, {key}) DO UPDATE SET {amount} = stored.{amount} + excluded.{amount}
"""  # the differences of running figures, one row per key (a key appears once in a change)
ADD_FIXTURE_EXPOSURE = _ADD_FIGURES.format(
    table="bankroll_fixture_exposure", key="fixture_id", key_type="text", amount="amount"
)
ADD_DAY_EXPOSURE = _ADD_FIGURES.format(
    table="bankroll_day_exposure", key="day", key_type="date", amount="amount"
)
ADD_DAILY_PROFIT = _ADD_FIGURES.format(
    table="bankroll_daily_profit", key="day", key_type="date", amount="profit"
)
MOVE_BANKROLL = """
UPDATE bankrolls SET available = available + $2::numeric, at_risk = at_risk + $3::numeric,
    realised_profit = realised_profit + $4::numeric,
    peak_balance = greatest(peak_balance, available + at_risk + $5::numeric, $6::numeric)
WHERE id = $1::text
"""
LOCK_BANKROLL = """
SELECT figure, figure_key, figure_day, figure_amount, figure_legs, bankroll
FROM lock_bankroll($1::text, $2::text, $3::text[], $4::date[], $5::date, $6::text[], $7::text[], $8::text[])
"""  # migration 0010: the locked row first, then the figures; none when no such bankroll
MATCHED_STATUSES = (PlacementStatus.ACCEPTED.value, PlacementStatus.PARTIALLY_MATCHED.value)


def _snapshot(
    row: Any, scope: BankrollScope, profit_from: date | None, figures: Sequence[Any]
) -> BankrollSnapshot:
    fixtures: dict[str, Decimal] = dict.fromkeys(scope.fixtures, ZERO)
    days: dict[date, Decimal] = dict.fromkeys(scope.days, ZERO)
    profits: dict[date, Decimal] = {}
    reservations: dict[str, Reservation] = {}
    for kind, key, day, amount, legs, *_ in figures:
        if kind == "fixture":
            fixtures[key] = amount
        elif kind == "day":
            days[day] = amount
        elif kind == "profit":
            profits[day] = amount
        else:
            reservations[key] = Reservation(amount, frozenset(legs), day)
    available, at_risk = row.available, row.at_risk
    return BankrollSnapshot(
        bankroll_id=row.id,
        starting_balance=row.starting_balance,
        balances={
            Account.CAPITAL: -row.starting_balance,
            Account.AVAILABLE: available,
            Account.AT_RISK: at_risk,
            Account.BOOKMAKER: row.starting_balance - available - at_risk,
        },
        reservations=reservations,
        profit_by_day=profits,
        peak_balance=row.peak_balance,
        fixture_exposure=fixtures,
        day_exposure=days,
        profit_total=row.realised_profit,
        profit_from=date.max if profit_from is None else profit_from,
    )


def _summary(row: Any) -> BankrollSummary:
    return BankrollSummary(
        row.id,
        row.partner_id,
        row.name,
        row.currency,
        row.starting_balance,
        row.available,
        row.at_risk,
        row.created_at,
        risk_of(row.risk),
    )


class PostgresTickets:
    def __init__(self, connection: AsyncConnection | WriteBatch) -> None:
        self._c = _batch_of(connection)

    async def add(self, ticket: TicketRecord) -> None:
        lineage = [_lineage_values(item) for item in _lineage_of(ticket)]
        legs = ticket.legs
        await self._c.add(
            Write(
                "tickets",
                ADD_TICKET,
                (
                    ticket.ticket_id,
                    ticket.partner_id,
                    ticket.customer_id,
                    ticket.bankroll_id,
                    ticket.status.value,
                    ticket.stake,
                    ticket.combined_odds,
                    ticket.decision_id,
                    ticket.issued_at,
                    ticket.payout,
                    ticket.settled_at,
                ),
            ),
            Write(
                "ticket_legs",
                ADD_LEGS,
                (
                    ticket.ticket_id,
                    list(range(len(legs))),
                    *(
                        [getattr(leg, field) for leg in legs]
                        for field in ("fixture_id", "competition", "market", "line", "selection", "bookmaker")
                    ),
                    [leg.odds.decimal for leg in legs],
                    [leg.correlation_group for leg in legs],
                    list(ticket.in_play),
                    *(list(column) for column in zip(*lineage, strict=True)),
                ),
            ),
        )

    async def get(self, partner_scope: str | None, ticket_id: str) -> TicketRecord | None:
        row = await (await self._c.driver()).fetchrow(TICKET, ticket_id, partner_scope)
        found = await self._with_legs([] if row is None else [attributes(row)])
        return found[0] if found else None

    async def lock(self, ticket_id: str) -> TicketRecord | None:
        """The ticket, its row locked until the transaction ends (placing and settling queue on it)."""
        row = await (await self._c.driver()).fetchrow(LOCK_TICKET, ticket_id)
        if row is None:
            return None
        placed = [placement_of(attributes(p, "leg_odds"), p["ticket_id"]) for p in row["placed"]]
        return _ticket(attributes(row["ticket"]), [attributes(leg) for leg in row["legs"]], placed)

    async def page(self, partner_scope: str | None, request: PageRequest) -> Page[TicketRecord]:
        query = select(tickets).where(_in_scope(tickets.c.partner_id, partner_scope))
        query = cursors.keyset(query, tickets.c.issued_at, tickets.c.id, request, newest_first=True)
        found = await self._with_legs((await self._c.execute(query)).all())
        return cursors.page_of(found, request, lambda t: (t.issued_at, t.ticket_id))

    async def settlements(
        self, partner_scope: str | None, request: PageRequest, status: TicketStatus | None = None
    ) -> Page[TicketRecord]:
        if status is TicketStatus.NEEDS_REVIEW:
            return await self._for_review(partner_scope, request)
        done = (TicketStatus.SETTLED.value, TicketStatus.VOIDED.value)
        query = select(tickets).where(
            _in_scope(tickets.c.partner_id, partner_scope), tickets.c.status.in_(done)
        )
        query = cursors.keyset(query, tickets.c.settled_at, tickets.c.id, request, newest_first=True)
        found = await self._with_legs((await self._c.execute(query)).all())
        return cursors.page_of(found, request, lambda t: (t.settled_at, t.ticket_id))

    async def _for_review(self, partner_scope: str | None, request: PageRequest) -> Page[TicketRecord]:
        query = select(tickets).where(
            _in_scope(tickets.c.partner_id, partner_scope),
            tickets.c.status == TicketStatus.NEEDS_REVIEW.value,
        )
        query = cursors.keyset(query, tickets.c.issued_at, tickets.c.id, request, newest_first=False)
        found = await self._with_legs((await self._c.execute(query)).all())
        return cursors.page_of(found, request, lambda t: (t.issued_at, t.ticket_id))

    async def _with_legs(self, rows: Sequence[Any]) -> list[TicketRecord]:
        if not rows:
            return []
        ids = [row.id for row in rows]
        driver = await self._c.driver()
        legs: dict[str, list[Any]] = {}
        for leg in await driver.fetch(TICKET_LEGS, ids):
            legs.setdefault(leg["ticket_id"], []).append(attributes(leg))
        placed: dict[str, list[Placement]] = {}
        for found in await driver.fetch(TICKET_PLACEMENTS, ids):
            placed.setdefault(found["ticket_id"], []).append(
                placement_of(attributes(found, "leg_odds"), found["ticket_id"])
            )
        return [_ticket(row, legs.get(row.id, []), placed.get(row.id, [])) for row in rows]


ADD_TICKET = """
INSERT INTO tickets (
    id, partner_id, customer_id, bankroll_id, status, stake, combined_odds, policy_decision_id, issued_at,
    payout, settled_at
)
VALUES ($1::text, $2::text, $3::text, $4::text, $5::text, $6::numeric, $7::numeric, $8::text, $9::timestamptz,
        $10::numeric, $11::timestamptz)
"""
ADD_LEGS = """
INSERT INTO ticket_legs (
    ticket_id, position, fixture_id, competition, market, line, selection, bookmaker, price,
    correlation_group, in_play, book_price, book_captured_at, book_batch_id, model_version, model_probability,
    model_edge
)
SELECT $1::text, leg.* FROM unnest(
    $2::smallint[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::text[], $8::text[], $9::numeric[],
    $10::text[], $11::boolean[], $12::numeric[], $13::timestamptz[], $14::uuid[], $15::text[], $16::float8[],
    $17::float8[]
) AS leg
"""
TICKET = "SELECT * FROM tickets WHERE id = $1::text AND ($2::text IS NULL OR partner_id = $2::text)"
LOCK_TICKET = "SELECT ticket, legs, placed FROM lock_ticket($1::text)"  # migration 0011
TICKET_LEGS = "SELECT * FROM ticket_legs WHERE ticket_id = ANY($1::text[]) ORDER BY position"
TICKET_PLACEMENTS = f"""
SELECT ticket_id, {PLACEMENT_SELECT} FROM placements WHERE ticket_id = ANY($1::text[]) ORDER BY created_at
"""  # noqa: S608  the column names are constants


def _ticket(row: Any, legs: list[Any], placed: list[Placement]) -> TicketRecord:
    return TicketRecord(
        ticket_id=row.id,
        partner_id=row.partner_id,
        customer_id=row.customer_id,
        bankroll_id=row.bankroll_id,
        status=TicketStatus(row.status),
        stake=row.stake,
        combined_odds=row.combined_odds,
        legs=tuple(
            Leg(
                leg.fixture_id,
                leg.competition,
                leg.market,
                leg.selection,
                leg.bookmaker,
                Odds(leg.price),
                leg.line,
                leg.correlation_group,
            )
            for leg in legs
        ),
        in_play=tuple(leg.in_play for leg in legs),
        decision_id=row.policy_decision_id,
        issued_at=row.issued_at,
        payout=row.payout,
        settled_at=row.settled_at,
        placements=tuple(placed),
        lineage=tuple(_lineage(leg) for leg in legs),
        review_reason=row.review_reason,
    )


def _lineage_of(ticket: TicketRecord) -> tuple[LegLineage, ...]:
    return ticket.lineage or tuple(LegLineage() for _ in ticket.legs)


def _lineage_values(lineage: LegLineage) -> tuple[object, ...]:
    """book_price, book_captured_at, book_batch_id, model_version, model_probability, model_edge"""
    batch = None if lineage.batch_id is None else uuid.UUID(lineage.batch_id)
    return (
        lineage.price,
        lineage.captured_at,
        batch,
        lineage.model_version,
        lineage.probability,
        lineage.edge,
    )


def _lineage(leg: Any) -> LegLineage:
    return LegLineage(
        bookmaker=leg.bookmaker if leg.book_price is not None else None,
        price=leg.book_price,
        captured_at=leg.book_captured_at,
        batch_id=None if leg.book_batch_id is None else str(leg.book_batch_id),
        model_version=leg.model_version,
        probability=leg.model_probability,
        edge=leg.model_edge,
    )


CLAIM_KEY = """
INSERT INTO idempotency_keys (partner_id, key, fingerprint, created_at)
VALUES ($1::text, $2::text, $3::text, $4::timestamptz) ON CONFLICT DO NOTHING RETURNING key
"""


COMPLETE_KEY = (
    "UPDATE idempotency_keys SET ticket_id = $3::text WHERE partner_id = $1::text AND key = $2::text"
)
RELEASE_KEY = "DELETE FROM idempotency_keys WHERE partner_id = $1::text AND key = $2::text"


class PostgresIdempotency:
    def __init__(self, connection: AsyncConnection | WriteBatch) -> None:
        self._c = _batch_of(connection)

    async def claim(
        self, partner_id: str, key: str, fingerprint: str, at: datetime
    ) -> IdempotencyRecord | None:
        # ON CONFLICT waits for a concurrent transaction holding the same key, then sees its outcome
        driver = await self._c.driver()
        if await driver.fetchrow(CLAIM_KEY, partner_id, key, fingerprint, at) is not None:
            return None
        row = (
            await self._c.execute(
                select(idempotency_keys).where(
                    idempotency_keys.c.partner_id == partner_id, idempotency_keys.c.key == key
                )
            )
        ).first()
        if row is None:  # the other request released the key meanwhile: claim it again
            return await self.claim(partner_id, key, fingerprint, at)
        return IdempotencyRecord(row.partner_id, row.key, row.fingerprint, row.ticket_id, row.created_at)

    async def complete(self, partner_id: str, key: str, ticket_id: str) -> None:
        await self._c.add(Write("idempotency_keys", COMPLETE_KEY, (partner_id, key, ticket_id)))

    async def release(self, partner_id: str, key: str) -> None:
        await self._c.add(Write("idempotency_keys", RELEASE_KEY, (partner_id, key)))


class PostgresBettingUnitOfWork:
    """One transaction on one pooled connection. Failing to reach the database raises ServiceUnavailable.

    Writes go in one batch (adapters.persistence.write_batch), sent before the next read or at commit.
    Audit-log entries (decisions, and the tracked tickets' events: application.audit_events) are chained
    at commit time: the chain's global lock is taken with the batch, then held for one read and one
    insert, not for the whole transaction.
    """

    customers: PostgresCustomers
    bankrolls: PostgresBankrolls
    tickets: PostgresTickets
    idempotency: PostgresIdempotency
    decisions: PostgresDecisionLog
    audit: PostgresAuditTrail
    catalogue: PostgresMarketCatalogue
    requests: PostgresRequestIdempotency
    competitions: PostgresCompetitionFacts

    def __init__(self, engine: AsyncEngine, anchor: AuditAnchor | None = None) -> None:
        self._engine = engine
        self._anchor = anchor
        self._connection: AsyncConnection | None = None
        self._events = EventCollector()

    def track(self, source: EventSource, context: TicketContext) -> None:
        self._events.track(source, context)

    async def __aenter__(self) -> Self:
        try:
            connection = await self._engine.connect()
            await connection.begin()
        except UNREACHABLE as error:
            raise database_unavailable(error) from error
        self._connection = connection
        self._batch = batch = WriteBatch(connection)
        self.customers, self.bankrolls = PostgresCustomers(batch), PostgresBankrolls(batch)
        self.tickets, self.idempotency = PostgresTickets(batch), PostgresIdempotency(batch)
        self.audit = PostgresAuditTrail(connection, deferred=True, anchor=self._anchor)
        self.decisions = PostgresDecisionLog(connection, self.audit, batch)
        self.catalogue = PostgresMarketCatalogue(connection)
        self.requests, self.competitions = (
            PostgresRequestIdempotency(connection),
            PostgresCompetitionFacts(connection),
        )
        return self

    async def commit(self) -> None:
        if self._connection is None:
            raise AssertionError("commit inside `async with`: the connection is open")
        for entry in self._events.collect():
            await self.audit.append(entry.kind, entry.payload)
        try:
            await self.audit.flush(self._batch)
            await self._connection.commit()
            self.audit.checkpoint()
            await self._connection.begin()
        except UNREACHABLE as error:
            raise database_unavailable(error) from error

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        connection, self._connection = self._connection, None
        self._events.forget()
        if connection is None:
            return
        try:
            await connection.rollback()
            await connection.close()
        except UNREACHABLE:
            await connection.invalidate()
        if error is not None and is_unavailable(error):
            raise database_unavailable(error) from error
