"""Placing issued tickets and settling placed ones, on the in-memory store and on PostgreSQL alike.

Also the contracts of the placing port (ticket placements) and of the alert store: both stores list, lock,
record, tally and raise alike.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
import pytest_asyncio
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.persistence import driver
from adapters.persistence.access import PostgresAccessRepository
from adapters.persistence.alerts import PostgresAlertStore
from adapters.persistence.engine import create_engine
from adapters.persistence.placements import PostgresPlacementUnitOfWork
from adapters.persistence.settlements import PostgresSettlementUnitOfWork
from application.pagination import PageRequest
from application.ports.access_repository import AccessRepository
from application.ports.alert_store import AlertStore
from application.ports.current_prices import CurrentPrice, PriceKey
from application.ports.ticket_placements import PlacementUnitOfWork
from application.ports.ticket_settlements import SettlementUnitOfWork
from application.use_cases.issue_ticket import IssueTicket, IssueTicketRequest, LegRequest
from application.use_cases.open_bankroll import OpenBankroll, OpenBankrollRequest
from application.use_cases.place_ticket import PlacedTicket, PlaceTicket, PlaceTicketRequest
from application.use_cases.register_customer import RegisterCustomer, RegisterCustomerRequest
from application.use_cases.settle_ticket import SettleTicket, SettleTicketRequest
from domain.access import Partner, Principal, Role
from domain.alerts import Alert, AlertKind
from domain.placement import Placement, PlacementStatus, RejectionReason
from domain.tickets import TicketStatus
from plugins.builtin.betfair_replay.plugin import stakewise_bookmaker_adapters as exchange_adapters
from plugins.builtin.paper.plugin import stakewise_bookmaker_adapters as paper_adapters
from plugins.gateways import PluginGateways
from tests.catalogue_builders import seed_memory, seed_postgres
from tests.fakes.access import InMemoryAccessRepository, RandomSecrets, SteppingClock
from tests.fakes.alerts import InMemoryAlertStore
from tests.fakes.betting import InMemoryDatabase
from tests.fakes.bookmaking import PaperBookmaking
from tests.fakes.container import memory_container
from tests.fakes.placements import InMemoryPlacementUnitOfWork
from tests.fakes.settlements import InMemorySettlementUnitOfWork
from tests.integration.state_checks import running_figures_differences
from tests.placement_catalogue import ARSENAL_CHELSEA, BOOK, CATALOGUE, F1, RECORDED

if TYPE_CHECKING:
    from application.ports.ticket_repository import TicketRecord

PLACED_AT = datetime(2024, 4, 20, 13, 10, tzinfo=UTC)  # the exchange has 30.00 left at 2.10


@dataclass
class Store:
    placing: Callable[[], PlacementUnitOfWork]
    settling: Callable[[], SettlementUnitOfWork]
    access: AccessRepository
    alerts: AlertStore
    engine: AsyncEngine | None = None  # PostgreSQL's


@pytest_asyncio.fixture(params=["memory", "postgres"], loop_scope="function")
async def store(request: pytest.FixtureRequest) -> AsyncIterator[Store]:
    if request.param == "memory":
        database = InMemoryDatabase()
        seed_memory(database, CATALOGUE, BOOK)
        yield Store(lambda: InMemoryPlacementUnitOfWork(database),
                    lambda: InMemorySettlementUnitOfWork(database),
                    InMemoryAccessRepository(), InMemoryAlertStore(database))  # fmt: skip
        return
    engine: AsyncEngine = create_engine(request.getfixturevalue("fresh_database_url"))
    try:
        await seed_postgres(engine, CATALOGUE, BOOK)
        yield Store(lambda: PostgresPlacementUnitOfWork(engine), lambda: PostgresSettlementUnitOfWork(engine),
                    PostgresAccessRepository(engine), PostgresAlertStore(engine), engine)  # fmt: skip
        assert (
            await running_figures_differences(request.getfixturevalue("fresh_database_url")) == []
        )  # kept with each write, as derived
    finally:
        await engine.dispose()


class Desk:
    """A partner with a 1000.00 bankroll and a customer; paper prices for F1 home, the recorded exchange."""

    def __init__(self, store: Store) -> None:
        self.store, self.secrets, self.clock = store, RandomSecrets(), SteppingClock(PLACED_AT)
        self.book = PaperBookmaking(settings={"STAKEWISE_PAPER_LIMITS": "*=25", "STAKEWISE_BETFAIR_STREAM":
                                              str(RECORDED)})  # fmt: skip
        key = PriceKey(F1, "1x2", "home", "pinnacle")
        self.book.prices.quote(key, CurrentPrice(Decimal("2.10"), PLACED_AT - timedelta(hours=1), False))
        adapters = {a.name: a for a in (*paper_adapters(), *exchange_adapters())}
        self.gateways = PluginGateways(adapters, self.book.context(self.clock),
                                       {"betfair-exchange": "betfair-replay"})  # fmt: skip
        units = {"betting_unit_of_work": store.placing, "placement_unit_of_work": store.placing,
                 "settlement_unit_of_work": store.settling}  # fmt: skip
        self.use_cases = memory_container(
            factories=units, access_repository=store.access, clock=self.clock, secrets=self.secrets,
            bookmaker_gateways=self.gateways,
        ).use_cases()  # fmt: skip
        self.issued: dict[str, TicketRecord] = {}

    async def open(self) -> None:
        await self.store.access.add_partner(Partner("p1", "partner", self.clock.now()))
        self.principal = Principal("key", Role.PARTNER, "p1")
        bankroll = await self.use_cases(OpenBankroll).execute(
            OpenBankrollRequest("p1", "main", Decimal("1000.00"))
        )
        customer = await self.use_cases(RegisterCustomer).execute(
            RegisterCustomerRequest(self.principal, "GB", date(1990, 1, 1), identity_verified=True)
        )
        self.bankroll_id, self.customer_id = bankroll.bankroll_id, customer.customer_id

    async def issue(self, key: str, stake: str, odds: str, fixture: str = F1, book: str = "pinnacle") -> str:
        leg = LegRequest(fixture, "BFX" if book != "pinnacle" else "E0", "1x2", "home", book, Decimal(odds))
        issuer = self.use_cases(IssueTicket)
        request = IssueTicketRequest(self.principal, key, self.customer_id, self.bankroll_id, Decimal(stake),
                                     (leg,))  # fmt: skip
        issued = (await issuer.execute(request)).ticket
        self.issued[issued.ticket_id] = issued
        return issued.ticket_id

    async def place(self, ticket_id: str, *, as_issued: bool = False) -> PlacedTicket:
        issued = self.issued[ticket_id] if as_issued else None
        return await self.use_cases(PlaceTicket).execute(PlaceTicketRequest(ticket_id, issued))

    async def money(self) -> tuple[Decimal, Decimal]:
        async with self.store.placing() as uow:
            summary = await uow.bankrolls.summary(None, self.bankroll_id)
        assert summary is not None
        return summary.available, summary.at_risk


@pytest_asyncio.fixture(loop_scope="function")
async def desk(store: Store) -> Desk:
    desk = Desk(store)
    await desk.open()
    return desk


async def test_placed_rejected_and_over_limit_tickets_are_stored_with_their_placements(desk: Desk) -> None:
    placed = await desk.issue("a", "20.00", "2.05")
    moved = await desk.issue("b", "20.00", "2.20")
    over = await desk.issue("c", "30.00", "2.05")

    outcomes = [await desk.place(ticket) for ticket in (placed, moved, over)]

    assert [o.status for o in outcomes] == [TicketStatus.PLACED, TicketStatus.REJECTED, TicketStatus.REJECTED]
    reasons = [o.placement.reason if o.placement else None for o in outcomes]
    assert reasons == [None, RejectionReason.PRICE_MOVED, RejectionReason.OVER_LIMIT]
    assert await desk.money() == (Decimal("980.00"), Decimal("20.00")), "rejected stakes are released at once"
    async with desk.store.placing() as uow:
        stored = await uow.tickets.get("p1", placed)
    assert stored is not None
    assert stored.status is TicketStatus.PLACED
    assert stored.placements == (outcomes[0].placement,)
    assert stored.placements[0].bet_ref
    assert stored.placements[0].leg_odds == (Decimal("2.10"),)


async def test_a_ticket_placed_as_issued_comes_back_exactly_as_stored(desk: Desk) -> None:
    """The API answers with the ticket the placing step returns, without reading it back."""
    tickets = [await desk.issue("a", "20.00", "2.05"), await desk.issue("b", "20.00", "2.20")]

    outcomes = [await desk.place(ticket, as_issued=True) for ticket in tickets]

    assert [o.status for o in outcomes] == [TicketStatus.PLACED, TicketStatus.REJECTED]
    async with desk.store.placing() as uow:
        for outcome in outcomes:
            assert outcome.ticket == await uow.tickets.get("p1", outcome.ticket_id)


@pytest.mark.parametrize("store", ["postgres"], indirect=True)  # the driver's statements are PostgreSQL's
async def test_issuing_and_placing_send_only_fixed_statements(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ticket path builds no SQLAlchemy statement, and from its second ticket on sends no SQL text it has
    not sent before: asyncpg prepares each text once per connection, none is planned per request."""
    assert desk.store.engine is not None
    built: list[str] = []
    sent: dict[str, set[str]] = {}

    def note_built(_conn: Any, _cursor: Any, sql: str, _params: Any, _context: Any, _many: bool) -> None:
        built.append(sql)

    def note_sent(statement: str) -> contextlib.nullcontext[None]:
        sent[round_].add(statement)
        return contextlib.nullcontext()

    monkeypatch.setattr(driver, "statement_span", note_sent)
    event.listen(desk.store.engine.sync_engine, "after_cursor_execute", note_built)
    try:
        for round_ in ("first", "second", "third"):
            sent[round_] = set()
            await desk.place(await desk.issue(round_, "5.00", "2.05"), as_issued=True)
    finally:
        event.remove(desk.store.engine.sync_engine, "after_cursor_execute", note_built)
    assert built == []
    assert len(sent["second"]) > 10
    assert sent["third"] - sent["first"] - sent["second"] == set()


async def test_placing_twice_places_once_and_the_unplaced_list_empties(desk: Desk) -> None:
    ticket = await desk.issue("a", "20.00", "2.05")
    async with desk.store.placing() as uow:
        assert await uow.placements.unplaced() == [ticket]

    first, again = await desk.place(ticket), await desk.place(ticket)

    assert again.already_placed
    assert again.placement == first.placement
    assert len(desk.book.orders.orders) == 1
    async with desk.store.placing() as uow:
        assert await uow.placements.unplaced() == []


async def test_a_pending_placement_is_replaced_by_its_final_state(desk: Desk) -> None:
    ticket = await desk.issue("a", "20.00", "2.05")
    pending = Placement("pinnacle", ticket, PlacementStatus.PENDING, Decimal("20.00"), bet_ref="b-1")
    final = Placement("pinnacle", ticket, PlacementStatus.ACCEPTED, Decimal("20.00"), Decimal("20.00"),
                      (Decimal("2.10"),), "b-1", placed_at=PLACED_AT)  # fmt: skip
    async with desk.store.placing() as uow:
        await uow.placements.record(ticket, pending)
        await uow.commit()
    async with desk.store.placing() as uow:
        assert await uow.placements.unplaced() == [ticket], "a pending placement decides nothing yet"
        await uow.placements.record(ticket, final)
        await uow.commit()
        stored = await uow.placements.lock(ticket)
    assert stored is not None
    assert stored.placements == (final,)


async def test_a_partially_matched_exchange_bet_settles_on_the_matched_stake_less_commission(
    desk: Desk,
) -> None:
    ticket = await desk.issue("x", "50.00", "2.10", ARSENAL_CHELSEA, "betfair-exchange")
    placed = await desk.place(ticket)
    assert placed.status is TicketStatus.PARTIALLY_PLACED
    assert await desk.money() == (Decimal("970.00"), Decimal("30.00"))

    settler = desk.use_cases(SettleTicket)
    settled = await settler.execute(SettleTicketRequest(ticket, datetime(2024, 4, 21, tzinfo=UTC)))

    # 30.00 matched at 2.10 returns 63.00; the exchange keeps 5% of the 33.00 won
    assert settled.status is TicketStatus.SETTLED
    assert settled.payout == Decimal("61.35")
    assert await desk.money() == (Decimal("1031.35"), Decimal("0.00"))


async def test_the_alert_store_lists_open_legs_tallies_placements_and_keeps_one_alert_per_key(
    desk: Desk,
) -> None:
    open_ticket = await desk.issue("a", "20.00", "2.05")
    await desk.place(open_ticket)
    await desk.place(await desk.issue("b", "20.00", "2.20"))  # rejected: no longer open
    alerts = desk.store.alerts

    legs = await alerts.open_legs()
    tally = await alerts.placement_tally(PLACED_AT - timedelta(hours=1), PLACED_AT + timedelta(hours=1))
    early = await alerts.placement_tally(PLACED_AT - timedelta(hours=2), PLACED_AT - timedelta(hours=1))
    alert = Alert(AlertKind.LIMIT_CHANGE, "k1", "bookmaker pinnacle", "changed", PLACED_AT, {"a": "b"})
    later = Alert(AlertKind.PRICE_MOVE, "k2", "ticket t", "moved", PLACED_AT + timedelta(minutes=1))
    added = [await alerts.add(alert), await alerts.add(alert), await alerts.add(later)]
    first = await alerts.page(PageRequest(limit=1))
    second = await alerts.page(PageRequest(limit=1, cursor=first.next_cursor))

    assert [(o.ticket_id, o.leg.odds.decimal) for o in legs] == [(open_ticket, Decimal("2.05"))]
    assert [(t.bookmaker, t.placed, t.rejected) for t in tally] == [("pinnacle", 2, 1)]
    assert early == []
    assert added == [True, False, True]
    assert first.items == (later,)
    assert second.items == (alert,)
    assert second.next_cursor is None
