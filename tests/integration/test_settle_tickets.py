"""Settling issued tickets from the market catalogue's final scores, on the in-memory store and on
PostgreSQL (the same rules): every market kind, void fixtures, and tickets set aside for review.

Also the contract of the tickets-waiting-for-settlement port: both stores list, lock and close tickets alike.
Tickets are issued on catalogue fixtures before kickoff; the scores and closing prices arrive afterwards.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
import pytest_asyncio
from sqlalchemy import update

from adapters.persistence.access import PostgresAccessRepository
from adapters.persistence.engine import create_engine
from adapters.persistence.schema.betting import ticket_legs
from adapters.persistence.schema.pipeline import fixtures
from adapters.persistence.settlements import PostgresSettlementUnitOfWork
from application.errors import NotFound
from application.pagination import PageRequest
from application.ports.access_repository import AccessRepository
from application.ports.ticket_settlements import SettlementUnitOfWork
from application.use_cases.issue_ticket import IssueTicket, IssueTicketRequest, LegRequest
from application.use_cases.open_bankroll import OpenBankroll, OpenBankrollRequest
from application.use_cases.register_customer import RegisterCustomer, RegisterCustomerRequest
from application.use_cases.settle_ticket import (
    PendingRequest,
    PendingSettlements,
    SettledTicket,
    SettleTicket,
    SettleTicketRequest,
)
from domain.access import Partner, Principal, Role
from domain.errors import InvalidSettlement
from domain.markets import FixtureStatus, PriceBookEntry
from domain.tickets import TicketStatus
from tests.catalogue_builders import (
    SeedFixture,
    fixture_id,
    match_result_book,
    quote,
    result_memory,
    result_postgres,
    seed_memory,
    seed_postgres,
)
from tests.fakes.access import InMemoryAccessRepository, RandomSecrets, SteppingClock
from tests.fakes.betting import InMemoryDatabase
from tests.fakes.container import memory_container
from tests.fakes.settlements import InMemorySettlementUnitOfWork
from tests.integration.state_checks import running_figures_differences

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine

KICKOFF = datetime(2024, 4, 20, 14, 0, tzinfo=UTC)
AFTER_RESULTS = datetime(2024, 4, 21, tzinfo=UTC)
BEFORE_RESULTS = datetime(2024, 4, 20, 15, tzinfo=UTC)
AFTER_GRACE = KICKOFF + timedelta(hours=49)
CLOSING = ("2.0", "3.5", "4.0")
FIXTURES = [
    SeedFixture("F1", KICKOFF),
    SeedFixture("F2", KICKOFF),
    SeedFixture("F3", KICKOFF + timedelta(days=7)),
    SeedFixture("F4", KICKOFF),  # postponed with the results
]
QUOTES = [
    *match_result_book("F1", "2.10", "3.30", "3.40"),
    quote("F1", "totals", "over", "1.90", line="2.5"),
    quote("F1", "btts", "yes", "1.80"),
    quote("F1", "correct_score", "2-1", "9.00"),
    quote("F1", "draw_no_bet", "away", "2.60"),
    *match_result_book("F2", "2.40", "3.25", "3.00"),
    quote("F2", "asian_handicap", "away", "2.00", line="0.25"),
    quote("F2", "draw_no_bet", "home", "2.20"),
    *match_result_book("F3", "2.00", "3.30", "3.90"),
    *match_result_book("F4", "1.90", "3.50", "4.20"),
]
SCORES = {"F1": (2, 1), "F2": (1, 1)}


def leg(fixture: str, market: str, selection: str, odds: str, line: str | None = None) -> LegRequest:
    return LegRequest(fixture_id(fixture), "E0", market, selection, "pinnacle", Decimal(odds),
                      None if line is None else Decimal(line))  # fmt: skip


@dataclass
class Store:
    uow: Callable[[], SettlementUnitOfWork]
    access: AccessRepository
    seed: Callable[[], Awaitable[None]]
    results: Callable[[], Awaitable[None]]
    poison: Callable[[str], Awaitable[None]]  # the ticket's first leg names a market nobody knows


@pytest_asyncio.fixture(params=["memory", "postgres"], loop_scope="function")  # the test's own loop
async def store(request: pytest.FixtureRequest) -> AsyncIterator[Store]:
    if request.param == "memory":
        database = InMemoryDatabase()

        async def seed_memory_store() -> None:
            seed_memory(database, FIXTURES, QUOTES)

        async def memory_results() -> None:
            for name, (home, away) in SCORES.items():
                result_memory(database, name, home, away)
            database.state.quotes.extend(_closing())
            postponed = database.state.fixtures[fixture_id("F4")]
            database.state.fixtures[postponed.fixture_id] = dataclasses.replace(
                postponed, stored_status=FixtureStatus.POSTPONED
            )

        async def poison_memory(ticket_id: str) -> None:
            ticket = database.state.tickets[ticket_id]
            bad = dataclasses.replace(ticket.legs[0], market="whatever")
            database.state.tickets[ticket_id] = dataclasses.replace(ticket, legs=(bad, *ticket.legs[1:]))

        yield Store(lambda: InMemorySettlementUnitOfWork(database), InMemoryAccessRepository(),
                    seed_memory_store, memory_results, poison_memory)  # fmt: skip
        return
    engine: AsyncEngine = create_engine(request.getfixturevalue("fresh_database_url"))

    async def postgres_results() -> None:
        for name, (home, away) in SCORES.items():
            await result_postgres(engine, name, home, away)
        await seed_postgres(engine, [], _closing())
        async with engine.begin() as c:
            f4 = fixtures.c.id == uuid.UUID(fixture_id("F4"))
            await c.execute(update(fixtures).where(f4).values(status=FixtureStatus.POSTPONED.value))

    async def poison_postgres(ticket_id: str) -> None:
        async with engine.begin() as c:
            first = (ticket_legs.c.ticket_id == ticket_id) & (ticket_legs.c.position == 0)
            await c.execute(update(ticket_legs).where(first).values(market="whatever"))

    try:
        yield Store(lambda: PostgresSettlementUnitOfWork(engine), PostgresAccessRepository(engine),
                    lambda: seed_postgres(engine, FIXTURES, QUOTES), postgres_results,
                    poison_postgres)  # fmt: skip
        assert (
            await running_figures_differences(request.getfixturevalue("fresh_database_url")) == []
        )  # kept with each write, as derived
    finally:
        await engine.dispose()


def _closing() -> list[PriceBookEntry]:
    return match_result_book("F1", *CLOSING, captured_at=KICKOFF, closing=True)


class Book:
    """A partner with a 1000.00 bankroll and one customer, and the tickets issued for it."""

    def __init__(self, store: Store) -> None:
        self.store, self.secrets = store, RandomSecrets()
        self.clock = SteppingClock(datetime(2024, 4, 19, tzinfo=UTC))
        self.tickets: dict[str, str] = {}
        units = dict.fromkeys(("betting_unit_of_work", "settlement_unit_of_work"), store.uow)
        self.use_cases = memory_container(
            factories=units, access_repository=store.access, clock=self.clock, secrets=self.secrets
        ).use_cases()

    async def open(self) -> None:
        await self.store.seed()
        await self.store.access.add_partner(Partner("p1", "partner", self.clock.now()))
        self.principal = Principal("key", Role.PARTNER, "p1")
        bankroll = await self.use_cases(OpenBankroll).execute(
            OpenBankrollRequest("p1", "main", Decimal("1000.00"))
        )
        customer = await self.use_cases(RegisterCustomer).execute(
            RegisterCustomerRequest(self.principal, "GB", date(1990, 1, 1), identity_verified=True)
        )
        self.bankroll_id, self.customer_id = bankroll.bankroll_id, customer.customer_id

    async def issue(self, name: str, stake: str, *legs: LegRequest) -> None:
        issuer = self.use_cases(IssueTicket)
        request = IssueTicketRequest(
            self.principal, name, self.customer_id, self.bankroll_id, Decimal(stake), legs
        )
        self.tickets[name] = (await issuer.execute(request)).ticket.ticket_id

    def settler(self) -> SettleTicket:
        return self.use_cases(SettleTicket)

    async def settle(self, name: str, as_of: datetime = AFTER_RESULTS) -> SettledTicket:
        return await self.settler().execute(SettleTicketRequest(self.tickets[name], as_of))

    async def pending(self, as_of: datetime) -> list[str]:
        ids = await self.use_cases(PendingSettlements).execute(PendingRequest(as_of))
        names = {ticket_id: name for name, ticket_id in self.tickets.items()}
        return [names[ticket_id] for ticket_id in ids]

    async def bankroll(self) -> tuple[Decimal, Decimal, int]:
        async with self.store.uow() as uow:
            summary = await uow.bankrolls.summary(None, self.bankroll_id)
            ledger = await uow.bankrolls.ledger(None, self.bankroll_id, PageRequest(limit=200))
        assert summary is not None
        assert ledger is not None
        return summary.available, summary.at_risk, len(ledger.items)


@pytest_asyncio.fixture(loop_scope="function")
async def open_book(store: Store) -> Book:
    book = Book(store)
    await book.open()
    await book.issue("home win", "10.00", leg("F1", "1x2", "home", "2.10"))
    await book.issue("away loses", "5.00", leg("F1", "1x2", "away", "3.40"))
    await book.issue("double", "2.00", leg("F1", "1x2", "home", "2.10"), leg("F2", "1x2", "draw", "3.25"))
    await book.issue("not played", "3.00", leg("F3", "1x2", "home", "2.00"))
    await book.issue("over", "4.00", leg("F1", "totals", "over", "1.90", "2.5"))
    await book.issue("quarter line", "4.00", leg("F2", "asian_handicap", "away", "2.00", "0.25"))
    return book


@pytest_asyncio.fixture(loop_scope="function")
async def book(open_book: Book) -> Book:
    """The book once the scores and closing prices of F1 and F2 are in."""
    await open_book.store.results()
    return open_book


async def test_tickets_are_pending_once_every_leg_has_a_final_score_known(book: Book) -> None:
    assert await book.pending(AFTER_RESULTS) == ["home win", "away loses", "double", "over", "quarter line"]
    assert await book.pending(BEFORE_RESULTS) == [], "results are public 2 h 30 after kickoff"


async def test_each_ticket_pays_by_the_settlement_rules_and_the_ledger_balances(book: Book) -> None:
    payouts = {name: (await book.settle(name)).payout for name in await book.pending(AFTER_RESULTS)}

    assert payouts == {
        "home win": Decimal("21.00"),  # 10 × 2.10
        "away loses": Decimal("0.00"),
        "double": Decimal("13.65"),  # 2 × 2.10 × 3.25
        "over": Decimal("7.60"),  # 3 goals over 2.5: 4 × 1.90
        "quarter line": Decimal("6.00"),  # away +0.25 at 1-1: half wins at 2.00, half refunded
    }
    available, at_risk, _ = await book.bankroll()
    assert at_risk == Decimal("3.00"), "only the unplayed fixture's stake stays at risk"
    staked = Decimal("28.00")
    assert available == Decimal("1000.00") - staked + sum(payouts.values())
    async with book.store.uow() as uow:
        statuses = {name: (await uow.tickets.get(None, tid)) for name, tid in book.tickets.items()}
        returns = await uow.customers.activity(book.customer_id, book.clock.now())
    assert {name: t.status for name, t in statuses.items() if t} == {
        **dict.fromkeys(payouts, TicketStatus.SETTLED), "not played": TicketStatus.ISSUED,
    }  # fmt: skip
    assert returns.windows["24h"].returns == sum(payouts.values())


async def test_settling_again_changes_nothing(book: Book) -> None:
    first = await book.settle("home win")
    before = await book.bankroll()

    again = await book.settle("home win")

    assert not first.already_settled
    assert again.already_settled
    assert (again.status, again.payout) == (TicketStatus.SETTLED, first.payout)
    assert await book.bankroll() == before, "nothing posted twice"
    assert "home win" not in await book.pending(AFTER_RESULTS)


async def test_a_ticket_without_a_final_score_is_not_settled_and_nothing_changes(book: Book) -> None:
    before = await book.bankroll()

    with pytest.raises(InvalidSettlement, match=fixture_id("F3")):
        await book.settle("not played")
    with pytest.raises(InvalidSettlement, match=fixture_id("F1")):
        await book.settle("home win", BEFORE_RESULTS)

    assert await book.bankroll() == before


async def test_closing_line_value_compares_the_odds_taken_with_the_fair_closing_price(book: Book) -> None:
    settled = await book.settle("home win")

    implied = [1 / float(price) for price in CLOSING]
    fair_home = implied[0] / sum(implied)
    assert settled.closing_line_value == pytest.approx(2.10 * fair_home - 1)
    assert (await book.settle("quarter line")).closing_line_value is None, "no 1X2 leg, no closing price"


async def test_an_unknown_ticket_is_not_found(book: Book) -> None:
    with pytest.raises(NotFound):
        await book.settler().execute(SettleTicketRequest("no-such-ticket", AFTER_RESULTS))


async def test_btts_correct_score_and_draw_no_bet_settle_from_the_score(open_book: Book) -> None:
    book = open_book
    await book.issue("btts", "10.00", leg("F1", "btts", "yes", "1.80"))
    await book.issue("correct score", "2.00", leg("F1", "correct_score", "2-1", "9.00"))
    await book.issue("dnb draw", "5.00", leg("F2", "draw_no_bet", "home", "2.20"))
    await book.issue("dnb away", "5.00", leg("F1", "draw_no_bet", "away", "2.60"))
    await book.store.results()

    names = ("btts", "correct score", "dnb draw", "dnb away")
    payouts = {name: (await book.settle(name)).payout for name in names}

    assert payouts == {"btts": Decimal("18.00"), "correct score": Decimal("18.00"),
                       "dnb draw": Decimal("5.00"), "dnb away": Decimal("0.00")}  # fmt: skip


async def test_a_postponed_fixture_without_a_result_after_the_grace_is_void(open_book: Book) -> None:
    book = open_book
    await book.issue("postponed", "6.00", leg("F4", "1x2", "home", "1.90"))
    await book.issue("acca", "2.00", leg("F4", "1x2", "home", "1.90"), leg("F2", "1x2", "draw", "3.25"))
    await book.store.results()
    assert "postponed" not in await book.pending(KICKOFF + timedelta(hours=47))

    single, acca = await book.settle("postponed", AFTER_GRACE), await book.settle("acca", AFTER_GRACE)

    assert (single.status, single.payout) == (TicketStatus.VOIDED, Decimal("6.00")), "the stake comes back"
    assert (acca.status, acca.payout) == (TicketStatus.SETTLED, Decimal("6.50")), "the void leg counts at 1"


async def test_a_ticket_that_cannot_be_settled_is_set_aside_and_the_others_settle(book: Book) -> None:
    await book.store.poison(book.tickets["away loses"])

    outcomes = {name: await book.settle(name) for name in await book.pending(AFTER_RESULTS)}

    poisoned = outcomes.pop("away loses")
    assert poisoned.status is TicketStatus.NEEDS_REVIEW
    assert "whatever" in (poisoned.review_reason or "")
    assert {o.status for o in outcomes.values()} == {TicketStatus.SETTLED}
    async with book.store.uow() as uow:
        review = await uow.tickets.settlements(None, PageRequest(limit=10), TicketStatus.NEEDS_REVIEW)
    assert [t.ticket_id for t in review.items] == [book.tickets["away loses"]]
    assert review.items[0].review_reason == poisoned.review_reason
    _, at_risk, _ = await book.bankroll()
    assert at_risk == Decimal("3.00") + Decimal("5.00"), "the set-aside stake stays reserved"
    again = await book.settle("away loses")
    assert again.already_settled
    assert again.status is TicketStatus.NEEDS_REVIEW
    assert "away loses" not in await book.pending(AFTER_RESULTS)
