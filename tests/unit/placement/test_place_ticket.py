"""Placing issued tickets: life cycle, released stakes, exactly once, settlement on the placed terms."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from application.errors import NotFound
from application.ports.current_prices import CurrentPrice, PriceKey
from application.use_cases.issue_ticket import IssueTicket, IssueTicketRequest, LegRequest
from application.use_cases.open_bankroll import OpenBankroll, OpenBankrollRequest
from application.use_cases.place_ticket import PlaceTicket, PlaceTicketRequest
from application.use_cases.register_customer import RegisterCustomer, RegisterCustomerRequest
from domain.access import Partner, Principal, Role
from domain.bankroll import BankrollScope
from domain.betting import settle_ticket
from domain.customers import TransactionKind
from domain.placement import (
    Order,
    Placement,
    PlacementStatus,
    RejectionReason,
    match_back_order,
    net_of_commission,
)
from domain.settlement import LegResult
from domain.tickets import Ticket, TicketStatus
from plugins.builtin.betfair_replay.plugin import stakewise_bookmaker_adapters as exchange_adapters
from plugins.builtin.paper.plugin import stakewise_bookmaker_adapters as paper_adapters
from plugins.gateways import PluginGateways
from tests.catalogue_builders import seed_memory
from tests.fakes.access import SteppingClock
from tests.fakes.betting import InMemoryDatabase, InMemoryUnitOfWork
from tests.fakes.bookmaking import PaperBookmaking
from tests.fakes.container import InMemoryAdapters, memory_container, use_case
from tests.placement_catalogue import ARSENAL_CHELSEA, BOOK, CATALOGUE, F1, RECORDED
from tests.unit.placement.harnesses import NOW

PARTNER = Principal("key", Role.PARTNER, "p1")
FIXTURE = F1


class World:
    def __init__(
        self, settings: dict[str, str] | None = None, *, on_exchange_at: datetime | None = None
    ) -> None:
        self.db, self.clock = InMemoryDatabase(), SteppingClock(on_exchange_at or NOW)
        seed_memory(self.db, CATALOGUE, BOOK)
        self.book = PaperBookmaking(settings=settings or {"STAKEWISE_PAPER_LIMITS": "*=100"})
        adapters = {a.name: a for a in (*paper_adapters(), *exchange_adapters())}
        choice = {"betfair-exchange": "betfair-replay"} if on_exchange_at else {}
        if on_exchange_at:
            self.book.settings["STAKEWISE_BETFAIR_STREAM"] = str(RECORDED)
        self.gateways = PluginGateways(adapters, self.book.context(self.clock), choice)
        self.adapters = InMemoryAdapters(database=self.db, clock=self.clock, bookmaking=self.book)
        self.access = self.adapters.access
        self.container = memory_container(self.adapters, bookmaker_gateways=self.gateways)

    def uow(self) -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(self.db)

    def placer(self) -> PlaceTicket:
        return use_case(self.container, PlaceTicket)

    def quote(self, price: str, bookmaker: str = "pinnacle", fixture: str = FIXTURE) -> None:
        key = PriceKey(fixture, "1x2", "home", bookmaker)
        self.book.prices.quote(key, CurrentPrice(Decimal(price), NOW - timedelta(minutes=5), False))

    async def issue(
        self, stake: str, odds: str = "2.10", bookmaker: str = "pinnacle", fixture: str = FIXTURE
    ) -> str:
        await self.access.add_partner(Partner("p1", "p1", self.clock.now()))
        bankroll = await use_case(self.container, OpenBankroll).execute(
            OpenBankrollRequest("p1", "main", Decimal("1000.00"))
        )
        customer = await use_case(self.container, RegisterCustomer).execute(
            RegisterCustomerRequest(PARTNER, "GB", date(1990, 1, 1), identity_verified=True)
        )
        leg = LegRequest(fixture, "EPL", "1x2", "home", bookmaker, Decimal(odds))
        issued = await use_case(self.container, IssueTicket).execute(
            IssueTicketRequest(
                PARTNER, "k1", customer.customer_id, bankroll.bankroll_id, Decimal(stake), (leg,)
            )
        )
        self.bankroll_id, self.issued = bankroll.bankroll_id, issued.ticket
        return issued.ticket.ticket_id

    async def money(self) -> tuple[Decimal, Decimal]:
        async with self.uow() as uow:
            bankroll = await uow.bankrolls.lock("p1", self.bankroll_id)
        assert bankroll is not None
        return bankroll.available, bankroll.at_risk


async def test_a_ticket_filled_at_its_price_is_placed_and_its_stake_stays_at_risk() -> None:
    world = World()
    world.quote("2.12")
    ticket = await world.issue("40.00")

    placed = await world.placer().execute(PlaceTicketRequest(ticket))

    assert placed.status is TicketStatus.PLACED
    assert placed.placement is not None
    assert placed.placement.leg_odds == (Decimal("2.12"),)
    stored = world.db.state.tickets[ticket]
    assert stored.status is TicketStatus.PLACED
    assert stored.placed == placed.placement
    assert await world.money() == (Decimal("960.00"), Decimal("40.00"))
    assert world.db.state.audit[-1][0] == "ticket.placed"


async def test_the_issued_ticket_is_placed_without_a_read_and_comes_back_as_stored() -> None:
    world = World()
    world.quote("2.12")
    ticket = await world.issue("40.00")
    del world.db.state.tickets[ticket]  # a read would now find nothing: the issued record must be used

    with pytest.raises(NotFound):
        await world.placer().execute(PlaceTicketRequest(ticket))
    world.db.state.tickets[ticket] = world.issued
    placed = await world.placer().execute(PlaceTicketRequest(ticket, issued=world.issued))

    assert placed.ticket.status is TicketStatus.PLACED
    async with world.uow() as uow:
        assert placed.ticket == await uow.tickets.get(None, ticket)
    with pytest.raises(ValueError, match="is not ticket"):
        PlaceTicketRequest("another", issued=world.issued)


async def test_a_price_moved_below_the_minimum_rejects_the_ticket_and_releases_the_stake_at_once() -> None:
    world = World()
    world.quote("2.05")
    ticket = await world.issue("40.00", odds="2.10")

    placed = await world.placer().execute(PlaceTicketRequest(ticket))

    assert placed.status is TicketStatus.REJECTED
    assert placed.placement is not None
    assert placed.placement.reason is RejectionReason.PRICE_MOVED
    assert await world.money() == (Decimal("1000.00"), Decimal("0.00"))
    returns = [t for t in world.db.state.transactions if t.kind is TransactionKind.RETURN]
    assert [(t.amount, t.reference) for t in returns] == [(Decimal("40.00"), ticket)]


async def test_a_stake_over_the_limit_is_rejected_with_the_reason() -> None:
    world = World({"STAKEWISE_PAPER_LIMITS": "*=25"})
    world.quote("2.10")
    ticket = await world.issue("40.00")

    placed = await world.placer().execute(PlaceTicketRequest(ticket))

    assert placed.status is TicketStatus.REJECTED
    assert placed.placement is not None
    assert placed.placement.reason is RejectionReason.OVER_LIMIT
    assert await world.money() == (Decimal("1000.00"), Decimal("0.00"))


async def test_placing_again_asks_the_bookmaker_nothing_and_a_lost_answer_is_found_by_client_reference() -> (
    None
):
    world = World()
    world.quote("2.10")
    ticket = await world.issue("40.00")
    first = await world.placer().execute(PlaceTicketRequest(ticket))
    again = await world.placer().execute(PlaceTicketRequest(ticket))
    # a worker killed after the bookmaker took the bet, before stakewise stored the answer:
    state = world.db.state
    state.tickets[ticket] = dataclasses.replace(
        state.tickets[ticket], status=TicketStatus.ISSUED, placements=()
    )
    retried = await world.placer().execute(PlaceTicketRequest(ticket))

    assert again.already_placed
    assert again.placement == first.placement
    assert retried.placement == first.placement
    assert len(world.book.orders.orders) == 1


async def test_an_exchange_order_partially_matched_places_part_and_releases_the_rest() -> None:
    world = World(on_exchange_at=NOW.replace(hour=13, minute=10))  # 30 left at 2.10
    ticket = await world.issue("50.00", odds="2.10", bookmaker="betfair-exchange", fixture=ARSENAL_CHELSEA)

    placed = await world.placer().execute(PlaceTicketRequest(ticket))

    assert placed.status is TicketStatus.PARTIALLY_PLACED
    assert placed.placement is not None
    assert placed.placement.status is PlacementStatus.PARTIALLY_MATCHED
    assert await world.money() == (Decimal("970.00"), Decimal("30.00")), "the unmatched 20.00 is released"


async def test_a_placed_ticket_settles_on_its_accepted_odds_and_matched_stake_less_commission() -> None:
    world = World(on_exchange_at=NOW.replace(hour=13, minute=10))  # 30 left at 2.10
    ticket = await world.issue("50.00", odds="2.10", bookmaker="betfair-exchange", fixture=ARSENAL_CHELSEA)
    await world.placer().execute(PlaceTicketRequest(ticket))
    record = world.db.state.tickets[ticket]
    async with world.uow() as uow:
        scope = BankrollScope(days=frozenset({NOW.date()}), tickets=frozenset({ticket}))
        bankroll = await uow.bankrolls.lock("p1", world.bankroll_id, scope)
    assert bankroll is not None

    payout = settle_ticket(
        Ticket.restore(record), bankroll, {record.legs[0].fixture_id: LegResult.WIN}, NOW.date()
    )

    # 30.00 matched at 2.10 returns 63.00; 5% of the 33.00 won (1.65) goes to the exchange
    assert payout == Decimal("61.35")
    assert bankroll.available == Decimal("1000.00") - Decimal("30.00") + Decimal("61.35")


class PendingThenAccepted:
    """A bookmaker that answers `pending` at first and has accepted the bet when asked for its status."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    async def place(self, order: Order) -> Placement:
        self.asked.append("place")
        return Placement(
            order.bookmaker, order.client_ref, PlacementStatus.PENDING, order.stake, bet_ref="b-9"
        )

    async def cancel(self, bet_ref: str) -> Placement:
        raise AssertionError("not asked")

    async def status(self, bet_ref: str) -> Placement:
        self.asked.append(f"status {bet_ref}")
        return Placement("pinnacle", "?", PlacementStatus.ACCEPTED, Decimal("40.00"), Decimal("40.00"),
                         (Decimal("2.10"),), bet_ref, placed_at=NOW)  # fmt: skip

    def gateway(self, bookmaker: str) -> PendingThenAccepted:
        return self

    def adapter_of(self, bookmaker: str) -> str:
        return "pending-then-accepted"


async def test_a_pending_answer_leaves_the_ticket_issued_until_the_bet_s_status_is_final() -> None:
    world = World()
    ticket = await world.issue("40.00")
    bookmaker = PendingThenAccepted()
    placer = use_case(world.container, PlaceTicket, gateways=bookmaker)

    first = await placer.execute(PlaceTicketRequest(ticket))
    second = await placer.execute(PlaceTicketRequest(ticket))

    assert first.status is TicketStatus.ISSUED
    assert second.status is TicketStatus.PLACED
    assert bookmaker.asked == ["place", "status b-9"]
    assert [p.status for p in world.db.state.tickets[ticket].placements] == [PlacementStatus.ACCEPTED]


def test_commission_is_kept_out_of_winnings_only_rounded_up_to_the_cent() -> None:
    assert net_of_commission(Decimal("63.00"), Decimal("30.00"), Decimal("0.05")) == Decimal("61.35")
    assert net_of_commission(Decimal("10.01"), Decimal("10.00"), Decimal("0.05")) == Decimal("10.00")
    assert net_of_commission(Decimal("10.00"), Decimal("10.00"), Decimal("0.05")) == Decimal("10.00")
    assert net_of_commission(Decimal("0"), Decimal("10.00"), Decimal("0.05")) == Decimal("0")


def test_a_back_order_takes_the_ladder_best_first_down_to_its_minimum() -> None:
    ladder = [
        (Decimal("2.08"), Decimal("250")),
        (Decimal("2.10"), Decimal("100")),
        (Decimal("2.04"), Decimal("9")),
    ]
    assert match_back_order(ladder, Decimal("2.08"), Decimal("150.00")) == (
        Decimal("150.00"),
        Decimal("2.0933"),
    )
    assert match_back_order(ladder, Decimal("2.09"), Decimal("150.00")) == (
        Decimal("100.00"),
        Decimal("2.1000"),
    )
    assert match_back_order(ladder, Decimal("2.11"), Decimal("150.00")) == (Decimal("0"), None)
