"""The betting unit of work's contract, run against the in-memory fake and PostgreSQL alike.

Each scenario goes through the IssueTicket use case and checks the outcome through the ports only.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import update

from adapters.persistence.access import PostgresAccessRepository
from adapters.persistence.betting import PostgresBettingUnitOfWork
from adapters.persistence.compliance_records import PostgresComplianceRecords
from adapters.persistence.engine import create_engine
from adapters.persistence.schema.betting import tickets
from application.audit_events import Recorded, TicketContext
from application.errors import Conflict, NotFound, ServiceUnavailable
from application.pagination import InvalidCursor, PageRequest
from application.ports.access_repository import AccessRepository
from application.ports.betting_unit_of_work import BettingUnitOfWork
from application.use_cases.issue_ticket import IssueTicket, IssueTicketRequest, LegRequest, PolicyDenied
from application.use_cases.open_bankroll import OpenBankroll, OpenBankrollRequest
from application.use_cases.register_customer import (
    RecordPayment,
    RecordPaymentRequest,
    RegisterCustomer,
    RegisterCustomerRequest,
)
from domain.access import Partner, Principal, Role
from domain.customers import WINDOWS, Transaction, TransactionKind
from domain.errors import RuleViolation
from domain.events import TicketSetAside
from domain.tickets import TicketStatus
from tests.catalogue_builders import (
    BATCH,
    SeedFixture,
    fixture_id,
    match_result_book,
    seed_memory,
    seed_postgres,
)
from tests.fakes.access import InMemoryAccessRepository, RandomSecrets, SteppingClock
from tests.fakes.betting import InMemoryDatabase, InMemoryUnitOfWork
from tests.fakes.container import UseCase, memory_container, use_case
from tests.fakes.policy import AgeAndExclusionPolicy, UnreachablePolicy
from tests.integration.state_checks import running_figures_differences

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine

    from bootstrap.container import Container

AUDITOR = Principal("audit", Role.AUDITOR, None)
CATALOGUE = [SeedFixture(f"F{i}") for i in range(20)]
PRICE_BOOK = [entry for fixture in CATALOGUE for entry in match_result_book(fixture.name)]


@dataclass
class Store:
    uow: Callable[[], BettingUnitOfWork]
    access: AccessRepository
    settle: Callable[[str, Decimal, datetime], Awaitable[None]]  # what the settlement workflow writes
    audit: Callable[[], Awaitable[list[tuple[str, Any]]]]  # the audit log's entries, oldest first


@pytest.fixture(params=["memory", "postgres"])
async def store(request: pytest.FixtureRequest) -> AsyncIterator[Store]:
    if request.param == "memory":
        database = InMemoryDatabase()

        async def settle_in_memory(ticket_id: str, payout: Decimal, at: datetime) -> None:
            ticket = database.state.tickets[ticket_id]
            database.state.tickets[ticket_id] = replace(
                ticket, status=TicketStatus.SETTLED, payout=payout, settled_at=at
            )

        async def audit_in_memory() -> list[tuple[str, Any]]:
            return list(database.state.audit)

        seed_memory(database, CATALOGUE, PRICE_BOOK)
        yield Store(
            lambda: InMemoryUnitOfWork(database),
            InMemoryAccessRepository(),
            settle_in_memory,
            audit_in_memory,
        )
        return
    url = request.getfixturevalue("fresh_database_url")
    seeding = create_engine(url, pooled=False)  # its own engine: the fixture's loop is not the test's
    await seed_postgres(seeding, CATALOGUE, PRICE_BOOK)
    await seeding.dispose()
    engine: AsyncEngine = create_engine(url)

    settled: list[str] = []

    async def settle_in_postgres(ticket_id: str, payout: Decimal, at: datetime) -> None:
        settled.append(ticket_id)
        settled_row = {"status": TicketStatus.SETTLED.value, "payout": payout, "settled_at": at}
        async with engine.begin() as connection:
            await connection.execute(update(tickets).where(tickets.c.id == ticket_id).values(**settled_row))

    async def audit_in_postgres() -> list[tuple[str, Any]]:
        return [(e.kind, e.payload) for e in await PostgresComplianceRecords(engine).audit_entries()]

    try:
        yield Store(
            lambda: PostgresBettingUnitOfWork(engine),
            PostgresAccessRepository(engine),
            settle_in_postgres,
            audit_in_postgres,
        )
        if not settled:  # tickets closed behind the ledger's back (settle_in_postgres) are left open in it
            assert await running_figures_differences(url) == []
    finally:
        await engine.dispose()


class World:
    def __init__(self, store: Store) -> None:
        self.store, self.clock, self.secrets = store, SteppingClock(), RandomSecrets()
        self.policy = AgeAndExclusionPolicy()

    def container(self, policy: Any = None) -> Container:
        """The container over this store (in memory or on PostgreSQL)."""
        return memory_container(factories={"betting_unit_of_work": self.store.uow},
                                access_repository=self.store.access, clock=self.clock, secrets=self.secrets,
                                policy_engine=policy or self.policy)  # fmt: skip

    def use(self, kind: type[UseCase]) -> UseCase:
        return use_case(self.container(), kind)

    def issuer(self, policy: Any = None) -> IssueTicket:
        return use_case(self.container(policy), IssueTicket)

    async def partner(
        self, partner_id: str, balance: str = "100.00", born: date = date(1990, 1, 1)
    ) -> tuple[Principal, str, str]:
        await self.store.access.add_partner(Partner(partner_id, f"partner {partner_id}", self.clock.now()))
        principal = Principal(f"key-{partner_id}", Role.PARTNER, partner_id)
        bankroll = await self.use(OpenBankroll).execute(
            OpenBankrollRequest(partner_id, "main", Decimal(balance))
        )
        customer = await self.use(RegisterCustomer).execute(
            RegisterCustomerRequest(principal, "GB", born, identity_verified=True)
        )
        return principal, customer.customer_id, bankroll.bankroll_id

    async def tickets(self) -> list[Any]:
        async with self.store.uow() as uow:
            return list((await uow.tickets.page(None, PageRequest(limit=200))).items)

    async def ledger(self, bankroll_id: str) -> list[Any]:
        async with self.store.uow() as uow:
            page = await uow.bankrolls.ledger(None, bankroll_id, PageRequest(limit=200))
        assert page is not None
        return list(page.items)


def ask(
    principal: Principal,
    customer: str,
    bankroll: str,
    stake: str = "10.00",
    key: str = "k1",
    fixture: str = "F1",
) -> IssueTicketRequest:
    leg = LegRequest(fixture_id(fixture), "EPL", "1x2", "home", "pinnacle", Decimal("2.10"))
    return IssueTicketRequest(principal, key, customer, bankroll, Decimal(stake), (leg,))


async def test_an_issued_ticket_reads_back_with_its_legs_and_ledger(store: Store) -> None:
    world = World(store)
    me, customer, bankroll = await world.partner("pA")
    issued = await world.issuer().execute(ask(me, customer, bankroll, "30.00"))
    [ticket] = await world.tickets()
    assert ticket == issued.ticket
    assert [(leg.fixture_id, leg.odds.decimal) for leg in ticket.legs] == [
        (fixture_id("F1"), Decimal("2.10"))
    ]
    [lineage] = ticket.lineage
    assert (lineage.bookmaker, lineage.price, lineage.batch_id) == ("pinnacle", Decimal("2.10"), str(BATCH))
    lines = [line for line in await world.ledger(bankroll) if line.reference == ticket.ticket_id]
    assert sorted((line.account, line.amount) for line in lines) == [
        ("at_risk", Decimal("30.00")),
        ("available", Decimal("-30.00")),
    ]
    async with store.uow() as uow:
        summary = await uow.bankrolls.summary(None, bankroll)
        activity = await uow.customers.activity(customer, world.clock.now())
    assert summary is not None
    assert (summary.available, summary.at_risk) == (
        Decimal("70.00"),
        Decimal("30.00"),
    )
    assert activity.windows["24h"].stakes == Decimal("30.00")


async def test_a_tracked_ticket_s_events_are_audited_at_commit_only(store: Store) -> None:
    world = World(store)
    me, customer, bankroll = await world.partner("pA")
    issued = await world.issuer().execute(ask(me, customer, bankroll, "30.00"))
    ticket = issued.ticket
    kinds = [kind for kind, _ in await store.audit()]
    assert kinds[-2:] == ["policy.decision", "ticket.issued"]
    assert (await store.audit())[-1][1] == {
        "ticket_id": ticket.ticket_id, "partner_id": "pA", "customer_id": customer, "bankroll_id": bankroll,
        "stake": "30.00", "combined_odds": "2.10", "decision_id": ticket.decision_id,
    }  # fmt: skip
    async with store.uow() as uow:  # tracked, never committed: rolled back with the transaction
        uow.track(Recorded([TicketSetAside(ticket.ticket_id, "not committed")]), TicketContext())
    async with store.uow() as uow:
        uow.track(Recorded([TicketSetAside(ticket.ticket_id, "reviewed")]), TicketContext())
        await uow.commit()
    assert [entry for entry in await store.audit() if entry[0] == "ticket.needs_review"] == [
        ("ticket.needs_review", {"ticket_id": ticket.ticket_id, "reason": "reviewed"})
    ]


async def test_idempotency_same_body_replays_other_body_conflicts(store: Store) -> None:
    world = World(store)
    me, customer, bankroll = await world.partner("pA")
    first = await world.issuer().execute(ask(me, customer, bankroll))
    again = await world.issuer().execute(ask(me, customer, bankroll))
    assert again.replayed
    assert again.ticket.ticket_id == first.ticket.ticket_id
    with pytest.raises(Conflict):
        await world.issuer().execute(ask(me, customer, bankroll, stake="12.00"))
    assert len(await world.tickets()) == 1


async def test_refusals_store_nothing_and_denials_only_their_decision(store: Store) -> None:
    world = World(store)
    me, customer, bankroll = await world.partner("pA", balance="20.00")
    with pytest.raises(RuleViolation, match="StakeWithinBankroll"):
        await world.issuer().execute(ask(me, customer, bankroll, stake="20.01"))
    with pytest.raises(ServiceUnavailable):
        await world.issuer(UnreachablePolicy()).execute(ask(me, customer, bankroll, key="k2"))
    young = await world.use(RegisterCustomer).execute(RegisterCustomerRequest(me, "GB", date(2015, 1, 1)))
    with pytest.raises(PolicyDenied):
        await world.issuer().execute(ask(me, young.customer_id, bankroll, key="k3"))
    assert await world.tickets() == []
    assert len(await world.ledger(bankroll)) == 2  # the opening posting only
    again = await world.issuer().execute(
        ask(me, customer, bankroll, key="k3")
    )  # a denied request frees its key
    assert not again.replayed


async def test_partners_never_see_each_other(store: Store) -> None:
    world = World(store)
    a, customer_a, bankroll_a = await world.partner("pA")
    b, customer_b, bankroll_b = await world.partner("pB")
    ticket = (await world.issuer().execute(ask(a, customer_a, bankroll_a))).ticket
    with pytest.raises(NotFound):
        await world.issuer().execute(ask(b, customer_a, bankroll_b))
    with pytest.raises(NotFound):
        await world.issuer().execute(ask(b, customer_b, bankroll_a))
    async with store.uow() as uow:
        assert await uow.tickets.get("pB", ticket.ticket_id) is None
        assert await uow.tickets.get("pA", ticket.ticket_id) is not None
        assert (await uow.tickets.page("pB", PageRequest())).items == ()
        assert await uow.bankrolls.summary("pB", bankroll_a) is None
        assert await uow.bankrolls.ledger("pB", bankroll_a, PageRequest()) is None
        assert await uow.customers.get("pB", customer_a) is None
    with pytest.raises(NotFound):
        await world.use(RecordPayment).execute(
            RecordPaymentRequest(b, customer_a, TransactionKind.DEPOSIT, Decimal("5.00"))
        )


async def test_cursor_pages_cover_every_ticket_once(store: Store) -> None:
    world = World(store)
    me, customer, bankroll = await world.partner("pA", balance="1000.00")
    for i in range(7):
        await world.issuer().execute(ask(me, customer, bankroll, "1.00", key=f"k{i}", fixture=f"F{i}"))
    seen, cursor = [], None
    while True:
        async with store.uow() as uow:
            page = await uow.tickets.page("pA", PageRequest(limit=3, cursor=cursor))
        seen += [t.ticket_id for t in page.items]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert len(seen) == len(set(seen)) == 7
    with pytest.raises(InvalidCursor):
        async with store.uow() as uow:
            await uow.tickets.page("pA", PageRequest(cursor="not-a-cursor"))


async def test_concurrent_issues_never_overspend(store: Store) -> None:
    world = World(store)
    me, customer, bankroll = await world.partner("pA", balance="50.00")
    outcomes = await asyncio.gather(
        *(
            world.issuer().execute(ask(me, customer, bankroll, "3.00", key=f"c{i}", fixture=f"F{i}"))
            for i in range(25)
        ),
        return_exceptions=True,
    )
    unexpected = [o for o in outcomes if isinstance(o, BaseException) and not isinstance(o, RuleViolation)]
    assert unexpected == []
    tickets = await world.tickets()
    assert len(tickets) == 16
    assert sum(t.stake for t in tickets) == Decimal("48.00")


async def test_settlements_list_settled_tickets_newest_first(store: Store) -> None:
    world = World(store)
    me, customer, bankroll = await world.partner("pA")
    other, _, _ = await world.partner("pB")
    issued = [
        (
            await world.issuer().execute(ask(me, customer, bankroll, "2.00", key=f"s{i}", fixture=f"F{i}"))
        ).ticket
        for i in range(3)
    ]
    at = world.clock.now()
    await store.settle(issued[0].ticket_id, Decimal("4.10"), at)
    await store.settle(issued[2].ticket_id, Decimal("0"), at + timedelta(hours=1))
    async with store.uow() as uow:
        mine = await uow.tickets.settlements("pA", PageRequest(limit=1))
        rest = await uow.tickets.settlements("pA", PageRequest(limit=5, cursor=mine.next_cursor))
        theirs = await uow.tickets.settlements("pB", PageRequest())
    assert [t.ticket_id for t in mine.items + rest.items] == [issued[2].ticket_id, issued[0].ticket_id]
    assert [t.payout for t in mine.items + rest.items] == [Decimal("0"), Decimal("4.10")]
    assert theirs.items == ()
    assert other.partner_id == "pB"


async def test_activity_windows_are_exact_whatever_the_order_transactions_arrive_in(store: Store) -> None:
    world = World(store)
    _, customer, _ = await world.partner("pA")
    start = world.clock.now()
    kinds = list(TransactionKind)
    # hours after `start` (late arrivals and ties included), each with its kind and amount
    arrivals = [(0, 0), (50, 1), (10, 2), (24, 3), (24, 0), (200, 1), (5, 2), (700, 3), (169, 0), (1, 1)]
    added = []
    for number, (hours, kind) in enumerate(arrivals):
        at, amount = start + timedelta(hours=hours), Decimal(f"{number + 1}.25")
        transaction = Transaction(customer, kinds[kind], amount, at, f"ref-{number}")
        async with store.uow() as uow:
            await uow.customers.lock("pA", customer)
            await uow.customers.add_transaction(transaction)
            await uow.commit()
        added.append(transaction)
    for hours in (0, 1, 24, 25, 60, 169, 170, 400, 700, 720, 1500):
        now = start + timedelta(hours=hours)
        async with store.uow() as uow:
            activity = await uow.customers.activity(customer, now)
        for window, days in WINDOWS.items():
            inside = [t for t in added if now - timedelta(days=days) < t.at <= now]
            expected = [sum((t.amount for t in inside if t.kind is kind), Decimal(0)) for kind in kinds]
            totals = activity.windows[window]
            assert [totals.deposits, totals.withdrawals, totals.stakes, totals.returns] == expected, (
                hours,
                window,
            )
