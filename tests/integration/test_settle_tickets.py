"""Settling issued tickets from final scores, on the in-memory store and on PostgreSQL (the same rules).

Also the contract of the tickets-waiting-for-settlement port: both stores list, lock and close tickets alike.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import pytest_asyncio
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.persistence.access import PostgresAccessRepository
from adapters.persistence.engine import create_engine
from adapters.persistence.settlements import PostgresSettlementUnitOfWork
from application.errors import NotFound
from application.modelling.records import MatchRecord, PriceTriple
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
from domain.tickets import TicketStatus
from tests.fakes.access import InMemoryAccessRepository, RandomSecrets, SteppingClock
from tests.fakes.betting import MemoryDatabase
from tests.fakes.modelling import InMemoryMatchHistory
from tests.fakes.policy import AgeAndExclusionPolicy
from tests.fakes.settlements import MemorySettlementUnitOfWork

KICKOFF = datetime(2024, 4, 20, 14, 0)  # naive UTC, as MatchRecord keeps it
AFTER_RESULTS = datetime(2024, 4, 21, tzinfo=UTC)
BEFORE_RESULTS = datetime(2024, 4, 20, 15, tzinfo=UTC)
CLOSING = PriceTriple(2.0, 3.5, 4.0)
MATCHES = [
    MatchRecord("F1", "E0", "2023-2024", KICKOFF, "Arsenal", "Chelsea", home_goals=2, away_goals=1,
                closing_prices=(("pinnacle", CLOSING),)),
    MatchRecord("F2", "E0", "2023-2024", KICKOFF, "Everton", "Fulham", home_goals=1, away_goals=1),
    MatchRecord("F3", "E0", "2023-2024", KICKOFF + timedelta(days=7), "Leeds", "Burnley"),
]  # fmt: skip


def leg(fixture: str, market: str, selection: str, odds: str, line: str | None = None) -> LegRequest:
    return LegRequest(fixture, "E0", market, selection, "pinnacle", Decimal(odds),
                      None if line is None else Decimal(line))  # fmt: skip


@dataclass
class Store:
    uow: Callable[[], SettlementUnitOfWork]
    access: AccessRepository


@pytest_asyncio.fixture(params=["memory", "postgres"], loop_scope="function")  # the test's own loop
async def store(request: pytest.FixtureRequest) -> AsyncIterator[Store]:
    if request.param == "memory":
        database = MemoryDatabase()
        yield Store(lambda: MemorySettlementUnitOfWork(database), InMemoryAccessRepository())
        return
    engine: AsyncEngine = create_engine(request.getfixturevalue("fresh_database_url"))
    try:
        yield Store(lambda: PostgresSettlementUnitOfWork(engine), PostgresAccessRepository(engine))
    finally:
        await engine.dispose()


class Book:
    """A partner with a 1000.00 bankroll and one customer, and the tickets issued for it."""

    def __init__(self, store: Store) -> None:
        self.store, self.secrets = store, RandomSecrets()
        self.clock = SteppingClock(datetime(2024, 4, 19, tzinfo=UTC))
        self.history = InMemoryMatchHistory(MATCHES)
        self.tickets: dict[str, str] = {}

    async def open(self) -> None:
        await self.store.access.add_partner(Partner("p1", "partner", self.clock.now()))
        self.principal = Principal("key", Role.PARTNER, "p1")
        bankroll = await OpenBankroll(self.store.uow, self.store.access, self.clock, self.secrets).execute(
            OpenBankrollRequest("p1", "main", Decimal("1000.00"))
        )
        customer = await RegisterCustomer(self.store.uow, self.clock, self.secrets).execute(
            RegisterCustomerRequest(self.principal, "GB", date(1990, 1, 1), identity_verified=True)
        )
        self.bankroll_id, self.customer_id = bankroll.bankroll_id, customer.customer_id

    async def issue(self, name: str, stake: str, *legs: LegRequest) -> None:
        issuer = IssueTicket(self.store.uow, AgeAndExclusionPolicy(), self.clock, self.secrets)
        request = IssueTicketRequest(
            self.principal, name, self.customer_id, self.bankroll_id, Decimal(stake), legs
        )
        self.tickets[name] = (await issuer.execute(request)).ticket.ticket_id

    def settler(self) -> SettleTicket:
        return SettleTicket(self.store.uow, self.history, self.clock)

    async def settle(self, name: str, as_of: datetime = AFTER_RESULTS) -> SettledTicket:
        return await self.settler().execute(SettleTicketRequest(self.tickets[name], as_of))

    async def pending(self, as_of: datetime) -> list[str]:
        ids = await PendingSettlements(self.store.uow, self.history).execute(PendingRequest(as_of))
        names = {ticket_id: name for name, ticket_id in self.tickets.items()}
        return [names[ticket_id] for ticket_id in ids]

    async def bankroll(self) -> tuple[Decimal, Decimal, int]:
        async with self.store.uow() as uow:
            summary = await uow.bankrolls.summary(None, self.bankroll_id)
            ledger = await uow.bankrolls.ledger(None, self.bankroll_id, PageRequest(limit=200))
        assert summary is not None and ledger is not None
        return summary.available, summary.at_risk, len(ledger.items)


@pytest_asyncio.fixture(loop_scope="function")
async def book(store: Store) -> Book:
    book = Book(store)
    await book.open()
    await book.issue("home win", "10.00", leg("F1", "1x2", "home", "2.10"))
    await book.issue("away loses", "5.00", leg("F1", "1x2", "away", "3.40"))
    await book.issue("double", "2.00", leg("F1", "1x2", "home", "2.10"), leg("F2", "1x2", "draw", "3.25"))
    await book.issue("not played", "3.00", leg("F3", "1x2", "home", "2.00"))
    await book.issue("over", "4.00", leg("F1", "totals", "over", "1.90", "2.5"))
    await book.issue("quarter line", "4.00", leg("F2", "asian_handicap", "away", "2.00", "0.25"))
    return book


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

    assert not first.already_settled and again.already_settled
    assert (again.status, again.payout) == (TicketStatus.SETTLED, first.payout)
    assert await book.bankroll() == before, "nothing posted twice"
    assert "home win" not in await book.pending(AFTER_RESULTS)


async def test_a_ticket_without_a_final_score_is_not_settled_and_nothing_changes(book: Book) -> None:
    before = await book.bankroll()

    with pytest.raises(InvalidSettlement, match="F3"):
        await book.settle("not played")
    with pytest.raises(InvalidSettlement, match="F1"):
        await book.settle("home win", BEFORE_RESULTS)

    assert await book.bankroll() == before


async def test_closing_line_value_compares_the_odds_taken_with_the_fair_closing_price(book: Book) -> None:
    settled = await book.settle("home win")

    implied = [1 / CLOSING.home, 1 / CLOSING.draw, 1 / CLOSING.away]
    fair_home = implied[0] / sum(implied)
    assert settled.closing_line_value == pytest.approx(2.10 * fair_home - 1)
    assert (await book.settle("quarter line")).closing_line_value is None, "no 1X2 leg, no closing price"


async def test_an_unknown_ticket_is_not_found(book: Book) -> None:
    with pytest.raises(NotFound):
        await book.settler().execute(SettleTicketRequest("no-such-ticket", AFTER_RESULTS))
