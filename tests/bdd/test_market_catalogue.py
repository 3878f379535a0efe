"""Step definitions for features/bdd/market_catalogue.feature, on the real use cases and the in-memory
stores (the same contract as PostgreSQL). pytest-bdd steps are synchronous: each drives async code through
asyncio.run."""

from __future__ import annotations

import asyncio
import dataclasses
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from application.use_cases.issue_ticket import IssuedTicket, IssueTicket, IssueTicketRequest, LegRequest
from application.use_cases.open_bankroll import OpenBankroll, OpenBankrollRequest
from application.use_cases.register_customer import RegisterCustomer, RegisterCustomerRequest
from application.use_cases.settle_ticket import SettledTicket, SettleTicket, SettleTicketRequest
from domain.access import Partner, Principal, Role
from domain.errors import RuleViolation
from domain.markets import FixtureStatus, Score
from tests.catalogue_builders import SeedFixture, fixture_id, quote, seed_memory
from tests.fakes.container import MemoryWorld

scenarios("market_catalogue.feature")

PRINCIPAL = Principal("key", Role.PARTNER, "p1")
MOMENT = "%Y-%m-%d %H:%M UTC"


class SetClock:
    def __init__(self) -> None:
        self.moment = datetime(2025, 1, 1, tzinfo=UTC)

    def now(self) -> datetime:
        return self.moment


@dataclass
class Book(MemoryWorld):
    clock: SetClock = field(default_factory=SetClock)
    answer: IssuedTicket | RuleViolation | None = None
    settled: SettledTicket | None = None
    customer: str = ""
    bankroll: str = ""

    def ask(self, stake: str, *legs: LegRequest) -> IssuedTicket | RuleViolation:
        issuer = self.use(IssueTicket)
        request = IssueTicketRequest(PRINCIPAL, self.secrets.new_id(), self.customer, self.bankroll,
                                     Decimal(stake), legs)  # fmt: skip
        try:
            return asyncio.run(issuer.execute(request))
        except RuleViolation as refusal:
            return refusal

    def issued(self) -> IssuedTicket:
        assert isinstance(self.answer, IssuedTicket), self.answer
        return self.answer


@pytest.fixture
def book() -> Book:
    return Book()


def _at(text: str) -> datetime:
    return datetime.strptime(text, MOMENT).replace(tzinfo=UTC)


def _leg(fixture: str, market: str, selection: str, odds: str, bookmaker: str = "pinnacle") -> LegRequest:
    code, _, line = selection.partition(" ")
    return LegRequest(fixture_id(fixture), "E0", market, code, bookmaker, Decimal(odds),
                      Decimal(line) if line else None)  # fmt: skip


@given(parsers.parse("the clock reads {moment}"))
def clock_reads(book: Book, moment: str) -> None:
    book.clock.moment = _at(moment)


@given(parsers.parse('fixture "{fixture}" kicks off at {moment}'))
def kicks_off(book: Book, fixture: str, moment: str) -> None:
    seed_memory(book.database, [SeedFixture(fixture, _at(moment))], [])


PRICES = (
    r'(?P<bookmaker>\w+) prices "(?P<fixture>[^"]+)" (?P<market>\w+) (?P<prices>.+?)'
    r"(?: at (?P<when>\d{4}-\d\d-\d\d \d\d:\d\d UTC))?$"
)


@given(parsers.re(PRICES))
def prices(book: Book, bookmaker: str, fixture: str, market: str, prices: str, when: str | None) -> None:
    captured = _at(when) if when else datetime(2025, 5, 9, tzinfo=UTC)
    for part in prices.split(" and "):
        selection, _, price = part.rpartition(" at ")
        code, _, line = selection.partition(" ")
        entry = quote(
            fixture, market, code, price, bookmaker=bookmaker, line=line or None, captured_at=captured
        )
        seed_memory(book.database, [], [entry])


@given(parsers.parse("a partner with a bankroll of {amount} and an adult customer in {jurisdiction}"))
def partner(book: Book, amount: str, jurisdiction: str) -> None:
    async def open_account() -> None:
        await book.access.add_partner(Partner("p1", "partner", book.clock.now()))
        bankroll = await book.use(OpenBankroll).execute(OpenBankrollRequest("p1", "main", Decimal(amount)))
        customer = await book.use(RegisterCustomer).execute(
            RegisterCustomerRequest(PRINCIPAL, jurisdiction, date(1985, 5, 5), identity_verified=True)
        )
        book.bankroll, book.customer = bankroll.bankroll_id, customer.customer_id

    asyncio.run(open_account())


@given(parsers.parse('"{fixture}" is postponed'))
def postponed(book: Book, fixture: str) -> None:
    _change(book, fixture, stored_status=FixtureStatus.POSTPONED)


@given(parsers.parse('"{fixture}" ended {home:d}-{away:d}'))
def ended(book: Book, fixture: str, home: int, away: int) -> None:
    _change(book, fixture, score=Score(home, away))


def _change(book: Book, fixture: str, **changes: Any) -> None:
    fixtures = book.database.state.fixtures
    fixtures[fixture_id(fixture)] = dataclasses.replace(fixtures[fixture_id(fixture)], **changes)


@when(parsers.re(r'the customer asks for (?P<stake>[\d.]+) on "(?P<fixture>[^"]+)" (?P<market>\S+) '
                 r"(?P<selection>.+) at (?P<odds>[\d.]+) with (?P<bookmaker>\w+)$"))  # fmt: skip
def ask(book: Book, stake: str, fixture: str, market: str, selection: str, odds: str, bookmaker: str) -> None:
    book.answer = book.ask(stake, _leg(fixture, market, selection, odds, bookmaker))


@given(parsers.re(r'the customer holds an accumulator of (?P<stake>[\d.]+) on "(?P<first>[^"]+)" 1x2 '
                  r'(?P<first_pick>\w+) at (?P<first_odds>[\d.]+) and "(?P<second>[^"]+)" 1x2 '
                  r"(?P<second_pick>\w+) at (?P<second_odds>[\d.]+)$"))  # fmt: skip
def accumulator(book: Book, stake: str, first: str, first_pick: str, first_odds: str, second: str,
                second_pick: str, second_odds: str) -> None:  # fmt: skip
    book.answer = book.ask(stake, _leg(first, "1x2", first_pick, first_odds),
                           _leg(second, "1x2", second_pick, second_odds))  # fmt: skip
    book.issued()


@when(parsers.parse("settlement runs at {moment}"))
def settlement_runs(book: Book, moment: str) -> None:
    settle = book.use(SettleTicket)
    book.settled = asyncio.run(
        settle.execute(SettleTicketRequest(book.issued().ticket.ticket_id, _at(moment)))
    )


@then("the ticket is issued")
def is_issued(book: Book) -> None:
    book.issued()


@then(parsers.parse("its leg was checked against {bookmaker}'s price {price}"))
def checked_against(book: Book, bookmaker: str, price: str) -> None:
    [lineage] = book.issued().ticket.lineage
    assert (lineage.bookmaker, lineage.price, lineage.batch_id) == (
        bookmaker,
        Decimal(price),
        lineage.batch_id,
    )
    assert lineage.captured_at is not None
    assert lineage.batch_id


@then("its leg is in play")
def in_play(book: Book) -> None:
    assert book.issued().ticket.in_play == (True,)


@then(parsers.parse('the ticket is refused by the rule "{rule}"'))
def refused(book: Book, rule: str) -> None:
    assert isinstance(book.answer, RuleViolation), book.answer
    assert book.answer.rule == rule, book.answer


@then("nothing is stored")
def nothing_stored(book: Book) -> None:
    assert not book.database.state.tickets
    assert not book.database.state.decisions


@then(parsers.parse("the refusal carries the current odds {odds}"))
def current_odds(book: Book, odds: str) -> None:
    assert isinstance(book.answer, RuleViolation)
    assert book.answer.facts["current_odds"] == odds


@then(parsers.parse("the accumulator is settled with a payout of {amount}"))
def accumulator_paid(book: Book, amount: str) -> None:
    assert book.settled is not None
    assert (book.settled.status.value, book.settled.payout) == ("settled", Decimal(amount))
