"""Step definitions for features/bdd/partner_tickets.feature, on the use cases and in-memory adapters.

pytest-bdd steps are synchronous: each step drives the async use cases through asyncio.run.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from application.errors import Conflict, NotFound
from application.pagination import PageRequest
from application.use_cases.betting_queries import GetRequest, GetTicket, ListRequest, ListTickets
from application.use_cases.issue_ticket import (
    IssuedTicket,
    IssueTicket,
    IssueTicketRequest,
    LegRequest,
    PolicyDenied,
)
from application.use_cases.open_bankroll import OpenBankroll, OpenBankrollRequest
from application.use_cases.register_customer import RegisterCustomer, RegisterCustomerRequest
from domain.access import Partner, Principal, Role
from domain.errors import RuleViolation
from tests.catalogue_builders import SeedFixture, fixture_id, match_result_book, seed_memory
from tests.fakes.access import SteppingClock
from tests.fakes.betting import InMemoryUnitOfWork
from tests.fakes.container import MemoryWorld

scenarios("partner_tickets.feature")


@dataclass
class Tenant:
    principal: Principal
    customer: str
    bankroll: str


@dataclass
class Desk(MemoryWorld):
    clock: SteppingClock = field(default_factory=SteppingClock)
    tenants: dict[str, Tenant] = field(default_factory=dict)
    answers: list[Any] = field(default_factory=list)
    other_customer: str | None = None

    def uow(self) -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(self.database)

    def issuer(self) -> IssueTicket:
        return self.use(IssueTicket)

    def request(self, name: str, stake: str, key: str, customer: str | None = None) -> IssueTicketRequest:
        tenant = self.tenants[name]
        fixture = f"F-{key}"
        if fixture_id(fixture) not in self.database.state.fixtures:  # the catalogue offers it
            seed_memory(self.database, [SeedFixture(fixture)], match_result_book(fixture, home="2.05"))
        leg = LegRequest(fixture_id(fixture), "EPL", "1x2", "home", "pinnacle", Decimal("2.05"))
        return IssueTicketRequest(
            tenant.principal, key, customer or tenant.customer, tenant.bankroll, Decimal(stake), (leg,)
        )

    def attempt(self, request: IssueTicketRequest) -> Any:
        try:
            return asyncio.run(self.issuer().execute(request))
        except (Conflict, NotFound, RuleViolation, PolicyDenied) as refusal:
            return refusal

    def tickets(self, name: str) -> list[Any]:
        request = ListRequest(self.tenants[name].principal, PageRequest(limit=200))
        return list(asyncio.run(self.use(ListTickets).execute(request)).items)


@pytest.fixture
def desk() -> Desk:
    return Desk()


@given(parsers.parse('partner "{name}" with a bankroll of {amount} and an adult customer in {jurisdiction}'))
def partner(desk: Desk, name: str, amount: str, jurisdiction: str) -> None:
    async def create() -> Tenant:
        await desk.access.add_partner(Partner(name.lower(), name, desk.clock.now()))
        principal = Principal(f"key-{name}", Role.PARTNER, name.lower())
        bankroll = await desk.use(OpenBankroll).execute(
            OpenBankrollRequest(name.lower(), "main", Decimal(amount))
        )
        customer = await desk.use(RegisterCustomer).execute(
            RegisterCustomerRequest(principal, jurisdiction, date(1985, 5, 5), identity_verified=True)
        )
        return Tenant(principal, customer.customer_id, bankroll.bankroll_id)

    desk.tenants[name] = asyncio.run(create())


@given(parsers.parse('"{name}" has a customer born {born}'))
def young_customer(desk: Desk, name: str, born: str) -> None:
    request = RegisterCustomerRequest(desk.tenants[name].principal, "GB", date.fromisoformat(born))
    desk.other_customer = asyncio.run(desk.use(RegisterCustomer).execute(request)).customer_id


ISSUE = r'"(?P<name>\w+)" issues (?:the same )?a? ?(?P<stake>[\d.]+) ticket (?:again )?'


@when(parsers.re(ISSUE + r'with idempotency key "(?P<key>[\w-]+)"'))
def issue(desk: Desk, name: str, stake: str, key: str) -> None:
    desk.answers.append(desk.attempt(desk.request(name, stake, key)))


@when(parsers.parse('"{name}" issues a {stake} ticket for that customer with idempotency key "{key}"'))
def issue_for_other(desk: Desk, name: str, stake: str, key: str) -> None:
    desk.answers.append(desk.attempt(desk.request(name, stake, key, desk.other_customer)))


@when(parsers.parse('"{name}" sends {count:d} concurrent requests for {stake} tickets'))
def concurrent(desk: Desk, name: str, count: int, stake: str) -> None:
    async def all_at_once() -> list[Any]:
        issuer = desk.issuer()
        requests = [desk.request(name, stake, f"c{i}") for i in range(count)]
        return await asyncio.gather(*(issuer.execute(r) for r in requests), return_exceptions=True)

    desk.answers = asyncio.run(all_at_once())


@then(parsers.parse('"{name}" has {count:d} ticket'))
@then(parsers.parse('"{name}" has {count:d} tickets'))
def ticket_count(desk: Desk, name: str, count: int) -> None:
    assert len(desk.tickets(name)) == count


@then("the second answer is the first ticket, marked as a replay")
def replayed(desk: Desk) -> None:
    first, second = desk.answers
    assert isinstance(second, IssuedTicket)
    assert second.replayed
    assert second.ticket == first.ticket


@then(parsers.parse('"{name}" has {amount} available'))
def available(desk: Desk, name: str, amount: str) -> None:
    async def money() -> Decimal:
        async with desk.uow() as uow:
            summary = await uow.bankrolls.summary(None, desk.tenants[name].bankroll)
        assert summary is not None
        return summary.available

    assert asyncio.run(money()) == Decimal(amount)


@then(parsers.parse('the last request is refused as "{reason}"'))
def refused_as(desk: Desk, reason: str) -> None:
    assert isinstance(desk.answers[-1], Conflict)
    assert desk.answers[-1].reason == reason


@then(parsers.parse('{issued:d} tickets are issued and {refused:d} are refused by the rule "{rule}"'))
def issued_and_refused(desk: Desk, issued: int, refused: int, rule: str) -> None:
    assert sum(isinstance(a, IssuedTicket) for a in desk.answers) == issued
    assert [a.rule for a in desk.answers if isinstance(a, RuleViolation)] == [rule] * refused


@then(parsers.parse('"{name}" asking for that ticket is told it was not found'))
def other_partner_ticket(desk: Desk, name: str) -> None:
    ticket = desk.answers[0].ticket.ticket_id
    with pytest.raises(NotFound):
        asyncio.run(desk.use(GetTicket).execute(GetRequest(desk.tenants[name].principal, ticket)))


@then(parsers.parse('"{name}" issuing a ticket for "{owner}"\'s customer is told the customer was not found'))
def other_partner_customer(desk: Desk, name: str, owner: str) -> None:
    answer = desk.attempt(desk.request(name, "5.00", "steal", desk.tenants[owner].customer))
    assert isinstance(answer, NotFound)
    assert answer.what == "customer"


@then(parsers.parse('the request is denied by the policy rule "{rule}"'))
def denied_by(desk: Desk, rule: str) -> None:
    answer = desk.answers[-1]
    assert isinstance(answer, PolicyDenied)
    assert [r.rule for r in answer.decision.reasons] == [rule]
