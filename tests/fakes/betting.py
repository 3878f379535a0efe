"""An in-memory store behind the betting unit of work: transactions are serialised by one lock and
applied on commit only, so a failure or a missing commit leaves nothing behind (as in PostgreSQL)."""

from __future__ import annotations

import asyncio
import base64
import copy
import itertools
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Self

from application.audit_events import EventCollector, EventSource, TicketContext
from application.pagination import InvalidCursor, Page, PageRequest
from application.ports.bankroll_repository import BankrollSummary, LedgerLine, NewBankroll
from application.ports.competition_facts import CompetitionFacts
from application.ports.idempotency_store import IdempotencyRecord
from application.ports.request_idempotency import EarlierRequest
from application.ports.ticket_repository import TicketRecord
from domain.bankroll import EMPTY_SCOPE, Bankroll, BankrollScope, BankrollSnapshot, Reservation, profit_days
from domain.compliance import PolicyDecision
from domain.customers import WINDOWS, Customer, CustomerActivity, Transaction, TransactionKind, WindowTotals
from domain.ledger import Account
from domain.markets import FixtureState, MarketSelection, PriceBookEntry
from domain.tickets import STAKE_RESERVED, TicketStatus

if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import TracebackType

    from domain.risk import RiskSettings

ZERO = Decimal(0)


@dataclass
class InMemoryState:
    customers: dict[str, Customer] = field(default_factory=dict)
    transactions: list[Transaction] = field(default_factory=list)
    bankrolls: dict[str, NewBankroll] = field(default_factory=dict)
    ledger: list[LedgerLine] = field(default_factory=list)
    peaks: dict[str, Decimal] = field(default_factory=dict)
    tickets: dict[str, TicketRecord] = field(default_factory=dict)
    idempotency: dict[tuple[str, str], IdempotencyRecord] = field(default_factory=dict)
    decisions: list[tuple[PolicyDecision, dict[str, Any]]] = field(default_factory=list)
    audit: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    fixtures: dict[str, FixtureState] = field(default_factory=dict)
    quotes: list[PriceBookEntry] = field(default_factory=list)
    requests: dict[tuple[str, str, str], EarlierRequest] = field(default_factory=dict)
    competitions: dict[str, CompetitionFacts] = field(default_factory=dict)
    fixture_competitions: dict[str, str] = field(default_factory=dict)


class InMemoryDatabase:
    def __init__(self) -> None:
        self.state = InMemoryState()
        self.lock = asyncio.Lock()
        self.sequence = itertools.count(1)


def _page(items: list[Any], request: PageRequest) -> Page[Any]:
    start = 0
    if request.cursor is not None:
        try:
            start = int(base64.urlsafe_b64decode(request.cursor.encode()).decode())
        except (ValueError, UnicodeDecodeError) as error:
            raise InvalidCursor(f"invalid cursor {request.cursor!r}") from error
    chunk = items[start : start + request.limit]
    more = start + request.limit < len(items)
    cursor = base64.urlsafe_b64encode(str(start + request.limit).encode()).decode() if more else None
    return Page(tuple(chunk), cursor)


class InMemoryCustomers:
    def __init__(self, state: InMemoryState) -> None:
        self.s = state

    async def add(self, customer: Customer) -> None:
        self.s.customers[customer.customer_id] = customer

    async def update(self, customer: Customer) -> None:
        self.s.customers[customer.customer_id] = customer

    async def get(self, partner_scope: str | None, customer_id: str) -> Customer | None:
        customer = self.s.customers.get(customer_id)
        return customer if customer and partner_scope in (None, customer.partner_id) else None

    async def lock(self, partner_id: str, customer_id: str) -> Customer | None:
        return await self.get(partner_id, customer_id)

    async def page(self, partner_scope: str | None, request: PageRequest) -> Page[Customer]:
        found = [c for c in self.s.customers.values() if partner_scope in (None, c.partner_id)]
        return _page(sorted(found, key=lambda c: c.customer_id), request)

    async def add_transaction(self, transaction: Transaction) -> None:
        self.s.transactions.append(transaction)

    async def activity(self, customer_id: str, now: datetime) -> CustomerActivity:
        mine = [t for t in self.s.transactions if t.customer_id == customer_id and t.at <= now]
        windows = {name: _totals(mine, now - timedelta(days=days)) for name, days in WINDOWS.items()}
        return CustomerActivity(windows)


def _totals(transactions: list[Transaction], since: datetime) -> WindowTotals:
    sums: defaultdict[TransactionKind, Decimal] = defaultdict(Decimal)
    for t in transactions:
        if t.at > since:
            sums[t.kind] += t.amount
    kinds = TransactionKind
    return WindowTotals(sums[kinds.DEPOSIT], sums[kinds.WITHDRAWAL], sums[kinds.STAKE], sums[kinds.RETURN])


class InMemoryBankrolls:
    def __init__(self, state: InMemoryState, sequence: itertools.count[int]) -> None:
        self.s, self.sequence = state, sequence

    async def add(self, bankroll: NewBankroll) -> None:
        self.s.bankrolls[bankroll.bankroll_id] = bankroll
        self.s.peaks[bankroll.bankroll_id] = bankroll.starting_balance
        await self.save(Bankroll(bankroll.bankroll_id, bankroll.starting_balance), bankroll.created_at)

    async def lock(
        self, partner_id: str, bankroll_id: str, scope: BankrollScope = EMPTY_SCOPE
    ) -> Bankroll | None:
        stored = self.s.bankrolls.get(bankroll_id)
        if stored is None or stored.partner_id != partner_id:
            return None
        rules = stored.risk.rules()
        return Bankroll.restore(self._snapshot(stored, scope, profit_days(rules, scope.days)), rules)

    async def set_risk(self, bankroll_id: str, risk: RiskSettings) -> None:
        self.s.bankrolls[bankroll_id] = replace(self.s.bankrolls[bankroll_id], risk=risk)

    def _snapshot(self, stored: NewBankroll, scope: BankrollScope, since: date | None) -> BankrollSnapshot:
        """What PostgreSQL restores for the same scope, derived from the records every time."""
        lines = [line for line in self.s.ledger if line.bankroll_id == stored.bankroll_id]
        balances: defaultdict[Account, Decimal] = defaultdict(Decimal)
        profit: defaultdict[date, Decimal] = defaultdict(Decimal)
        for line in lines:
            balances[Account(line.account)] += line.amount
            if line.description == "ticket settled" and line.account == Account.BOOKMAKER:
                profit[line.posted_at.date()] -= line.amount
        open_tickets = {
            t.ticket_id: Reservation(
                t.placed.matched_stake if t.placed else t.stake,
                frozenset(leg.fixture_id for leg in t.legs),
                t.issued_at.date(),
            )
            for t in self.s.tickets.values()
            if t.bankroll_id == stored.bankroll_id and t.status in STAKE_RESERVED
        }
        fixtures = {
            f: sum((r.stake for r in open_tickets.values() if f in r.fixtures), ZERO) for f in scope.fixtures
        }
        days = {d: sum((r.stake for r in open_tickets.values() if r.day == d), ZERO) for d in scope.days}
        return BankrollSnapshot(
            stored.bankroll_id, stored.starting_balance, dict(balances),
            {t: r for t, r in open_tickets.items() if t in scope.tickets},
            {d: p for d, p in profit.items() if since is not None and d >= since},
            self.s.peaks[stored.bankroll_id], frozenset(), fixtures, days, sum(profit.values(), ZERO),
            date.max if since is None else since,
        )  # fmt: skip

    async def save(self, bankroll: Bankroll, at: datetime) -> None:
        for posting in bankroll.changes().postings:
            for entry in posting.entries:
                line = LedgerLine(str(next(self.sequence)), bankroll.bankroll_id, posting.reference,
                                  posting.description, entry.account.value, entry.amount, at)  # fmt: skip
                self.s.ledger.append(line)
        summary = self._summary(self.s.bankrolls[bankroll.bankroll_id])
        peak = max(self.s.peaks[bankroll.bankroll_id], summary.available + summary.at_risk)
        self.s.peaks[bankroll.bankroll_id] = peak

    def _summary(self, stored: NewBankroll) -> BankrollSummary:
        lines = [line for line in self.s.ledger if line.bankroll_id == stored.bankroll_id]
        available = sum((x.amount for x in lines if x.account == Account.AVAILABLE), ZERO)
        at_risk = sum((x.amount for x in lines if x.account == Account.AT_RISK), ZERO)
        return BankrollSummary(stored.bankroll_id, stored.partner_id, stored.name, stored.currency,
                               stored.starting_balance, available, at_risk, stored.created_at,
                               stored.risk)  # fmt: skip

    async def summary(self, partner_scope: str | None, bankroll_id: str) -> BankrollSummary | None:
        stored = self.s.bankrolls.get(bankroll_id)
        if stored is None or partner_scope not in (None, stored.partner_id):
            return None
        return self._summary(stored)

    async def page(self, partner_scope: str | None, request: PageRequest) -> Page[BankrollSummary]:
        found = [self._summary(b) for b in self.s.bankrolls.values() if partner_scope in (None, b.partner_id)]
        return _page(sorted(found, key=lambda b: b.bankroll_id), request)

    async def ledger(
        self, partner_scope: str | None, bankroll_id: str, request: PageRequest
    ) -> Page[LedgerLine] | None:
        if await self.summary(partner_scope, bankroll_id) is None:
            return None
        lines = [line for line in self.s.ledger if line.bankroll_id == bankroll_id]
        return _page(lines[::-1], request)


class InMemoryTickets:
    def __init__(self, state: InMemoryState) -> None:
        self.s = state

    async def add(self, ticket: TicketRecord) -> None:
        self.s.tickets[ticket.ticket_id] = ticket

    async def get(self, partner_scope: str | None, ticket_id: str) -> TicketRecord | None:
        ticket = self.s.tickets.get(ticket_id)
        return ticket if ticket and partner_scope in (None, ticket.partner_id) else None

    async def page(self, partner_scope: str | None, request: PageRequest) -> Page[TicketRecord]:
        found = [t for t in self.s.tickets.values() if partner_scope in (None, t.partner_id)]
        return _page(found[::-1], request)

    async def settlements(
        self, partner_scope: str | None, request: PageRequest, status: TicketStatus | None = None
    ) -> Page[TicketRecord]:
        review = status is TicketStatus.NEEDS_REVIEW
        done = (TicketStatus.NEEDS_REVIEW,) if review else (TicketStatus.SETTLED, TicketStatus.VOIDED)
        found = [
            t for t in self.s.tickets.values() if partner_scope in (None, t.partner_id) and t.status in done
        ]
        if review:
            return _page(sorted(found, key=lambda t: (t.issued_at, t.ticket_id)), request)
        return _page(sorted(found, key=lambda t: (t.settled_at, t.ticket_id), reverse=True), request)


class InMemoryIdempotency:
    def __init__(self, state: InMemoryState) -> None:
        self.s = state

    async def claim(
        self, partner_id: str, key: str, fingerprint: str, at: datetime
    ) -> IdempotencyRecord | None:
        earlier = self.s.idempotency.get((partner_id, key))
        if earlier is None:
            self.s.idempotency[(partner_id, key)] = IdempotencyRecord(partner_id, key, fingerprint, None, at)
        return earlier

    async def complete(self, partner_id: str, key: str, ticket_id: str) -> None:
        record = self.s.idempotency[(partner_id, key)]
        self.s.idempotency[(partner_id, key)] = IdempotencyRecord(
            partner_id, key, record.fingerprint, ticket_id, record.created_at
        )

    async def release(self, partner_id: str, key: str) -> None:
        self.s.idempotency.pop((partner_id, key), None)


class InMemoryDecisions:
    def __init__(self, state: InMemoryState) -> None:
        self.s = state

    async def record(self, decision: PolicyDecision, document: dict[str, Any]) -> None:
        self.s.decisions.append((decision, document))
        entry = {"decision_id": decision.decision_id, "allow": decision.allow}
        self.s.audit.append(("policy.decision", entry))


class InMemoryAudit:
    def __init__(self, state: InMemoryState) -> None:
        self.s = state

    async def append(self, event: str, payload: dict[str, Any]) -> None:
        self.s.audit.append((event, payload))


class InMemoryCatalogue:
    """The market catalogue over the fake's fixtures and quotes (held to tests/contract/catalogue)."""

    def __init__(self, state: InMemoryState) -> None:
        self.s = state

    async def fixture(self, fixture_id: str) -> FixtureState | None:
        return self.s.fixtures.get(fixture_id)

    async def price(
        self, fixture_id: str, selection: MarketSelection, bookmaker: str, at: datetime
    ) -> PriceBookEntry | None:
        latest: PriceBookEntry | None = None
        for quote in self._quotes(fixture_id, selection):
            if quote.bookmaker != bookmaker or quote.captured_at > at:
                continue
            if latest is None or quote.newer_than(latest):
                latest = quote
        return latest

    async def bookmakers(self, fixture_id: str, selection: MarketSelection) -> tuple[str, ...]:
        return tuple(sorted({quote.bookmaker for quote in self._quotes(fixture_id, selection)}))

    async def closing(self, fixture_id: str, market: str) -> list[PriceBookEntry]:
        return [q for q in self.s.quotes if q.fixture_id == fixture_id and q.selection.market == market
                and q.is_closing]  # fmt: skip

    def _quotes(self, fixture_id: str, selection: MarketSelection) -> list[PriceBookEntry]:
        return [q for q in self.s.quotes if q.fixture_id == fixture_id and q.selection == selection]


class InMemoryRequests:
    def __init__(self, state: InMemoryState) -> None:
        self.s = state

    async def claim(self, partner_id: str, scope: str, key: str, fingerprint: str) -> EarlierRequest | None:
        earlier = self.s.requests.get((partner_id, scope, key))
        if earlier is None:
            self.s.requests[(partner_id, scope, key)] = EarlierRequest(fingerprint, None)
        return earlier

    async def complete(self, partner_id: str, scope: str, key: str, response: dict[str, Any]) -> None:
        earlier = self.s.requests[(partner_id, scope, key)]
        self.s.requests[(partner_id, scope, key)] = EarlierRequest(earlier.fingerprint, response)

    async def release(self, partner_id: str, scope: str, key: str) -> None:
        self.s.requests.pop((partner_id, scope, key), None)


class InMemoryCompetitions:
    def __init__(self, state: InMemoryState) -> None:
        self.s = state

    async def for_legs(self, legs: Sequence[tuple[str, str]]) -> list[CompetitionFacts | None]:
        codes = [self.s.fixture_competitions.get(fixture, code) for fixture, code in legs]
        return [self.s.competitions.get(code) for code in codes]


class InMemoryUnitOfWork:
    """One transaction: works on a copy of the state, which replaces the stored state on commit."""

    customers: InMemoryCustomers
    bankrolls: InMemoryBankrolls
    tickets: InMemoryTickets
    idempotency: InMemoryIdempotency
    decisions: InMemoryDecisions
    audit: InMemoryAudit
    catalogue: InMemoryCatalogue
    requests: InMemoryRequests
    competitions: InMemoryCompetitions

    def __init__(self, database: InMemoryDatabase) -> None:
        self.database = database
        self._events = EventCollector()

    def track(self, source: EventSource, context: TicketContext) -> None:
        self._events.track(source, context)

    async def __aenter__(self) -> Self:
        await self.database.lock.acquire()
        self._open(copy.deepcopy(self.database.state))
        return self

    def _open(self, state: InMemoryState) -> None:
        self.state = state
        self.customers = InMemoryCustomers(state)
        self.bankrolls = InMemoryBankrolls(state, self.database.sequence)
        self.tickets = InMemoryTickets(state)
        self.idempotency = InMemoryIdempotency(state)
        self.decisions = InMemoryDecisions(state)
        self.audit = InMemoryAudit(state)
        self.catalogue = InMemoryCatalogue(state)
        self.requests = InMemoryRequests(state)
        self.competitions = InMemoryCompetitions(state)

    async def commit(self) -> None:
        for entry in self._events.collect():
            await self.audit.append(entry.kind, entry.payload)
        self.database.state = self.state
        self._open(copy.deepcopy(self.state))

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._events.forget()
        self.database.lock.release()
