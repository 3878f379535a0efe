"""Issuing a ticket: idempotency, ownership, bankroll rules, policy decisions, and all-or-nothing storage."""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

from application.errors import Conflict, NotFound, ServiceUnavailable
from application.use_cases.issue_ticket import (
    IssueTicket,
    IssueTicketRequest,
    LegRequest,
    PolicyDenied,
)
from application.use_cases.open_bankroll import OpenBankroll, OpenBankrollRequest
from application.use_cases.register_customer import RegisterCustomer, RegisterCustomerRequest
from domain.access import Partner, Principal, Role
from domain.errors import RuleViolation
from domain.ledger import Account
from tests.catalogue_builders import SeedFixture, fixture_id, match_result_book, seed_memory
from tests.fakes.betting import InMemoryUnitOfWork
from tests.fakes.container import InMemoryAdapters, memory_container, use_case
from tests.fakes.policy import UnreachablePolicy

if TYPE_CHECKING:
    from application.ports.policy_engine import PolicyEngine

PARTNER_A = Principal("keyA", Role.PARTNER, "pA")
PARTNER_B = Principal("keyB", Role.PARTNER, "pB")


class World:
    def __init__(self) -> None:
        self.adapters = InMemoryAdapters()
        self.container = memory_container(self.adapters)
        self.db, self.clock, self.access = self.adapters.database, self.adapters.clock, self.adapters.access
        self.policy = self.adapters.policy
        seed_memory(self.db, [SeedFixture("F1")], match_result_book("F1"))

    def uow(self) -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(self.db)

    def issuer(self, policy: PolicyEngine | None = None) -> IssueTicket:
        if policy is None:
            return use_case(self.container, IssueTicket)
        return use_case(memory_container(self.adapters, policy_engine=policy), IssueTicket)

    async def setup(
        self, partner: Principal, balance: str = "100.00", born: date = date(1990, 1, 1)
    ) -> tuple[str, str]:
        assert partner.partner_id
        await self.access.add_partner(Partner(partner.partner_id, partner.partner_id, self.clock.now()))
        bankroll = await use_case(self.container, OpenBankroll).execute(
            OpenBankrollRequest(partner.partner_id, "main", Decimal(balance))
        )
        customer = await use_case(self.container, RegisterCustomer).execute(
            RegisterCustomerRequest(partner, "GB", born, identity_verified=True)
        )
        return customer.customer_id, bankroll.bankroll_id


def request(customer: str, bankroll: str, stake: str = "10.00", key: str = "k1", odds: str = "2.10",
            principal: Principal = PARTNER_A) -> IssueTicketRequest:  # fmt: skip
    leg = LegRequest(fixture_id("F1"), "EPL", "1x2", "home", "pinnacle", Decimal(odds))
    return IssueTicketRequest(principal, key, customer, bankroll, Decimal(stake), (leg,))


async def test_an_issued_ticket_is_stored_with_its_ledger_stake_decision_and_audit_entry() -> None:
    world = World()
    customer, bankroll = await world.setup(PARTNER_A)
    issued = await world.issuer().execute(request(customer, bankroll, "30.00"))
    state = world.db.state
    assert not issued.replayed
    assert state.tickets[issued.ticket.ticket_id].stake == Decimal("30.00")
    reserved = [line for line in state.ledger if line.reference == issued.ticket.ticket_id]
    assert {(line.account, line.amount) for line in reserved} == {
        (Account.AVAILABLE.value, Decimal("-30.00")),
        (Account.AT_RISK.value, Decimal("30.00")),
    }
    assert [t.amount for t in state.transactions] == [Decimal("30.00")]
    assert [d.decision_id for d, _ in state.decisions] == [issued.ticket.decision_id]
    assert [event for event, _ in state.audit] == [
        "bankroll.opened",
        "customer.registered",
        "policy.decision",
        "ticket.issued",
    ]


async def test_the_same_key_and_body_return_the_first_ticket() -> None:
    world = World()
    customer, bankroll = await world.setup(PARTNER_A)
    first = await world.issuer().execute(request(customer, bankroll))
    again = await world.issuer().execute(request(customer, bankroll))
    assert again.replayed
    assert again.ticket == first.ticket
    assert len(world.db.state.tickets) == 1


async def test_the_same_key_with_another_body_is_refused() -> None:
    world = World()
    customer, bankroll = await world.setup(PARTNER_A)
    await world.issuer().execute(request(customer, bankroll))
    with pytest.raises(Conflict) as refused:
        await world.issuer().execute(request(customer, bankroll, stake="11.00"))
    assert refused.value.reason == "idempotency-key-reused"
    assert len(world.db.state.tickets) == 1


async def test_a_stake_above_the_available_money_names_the_rule_and_stores_nothing() -> None:
    world = World()
    customer, bankroll = await world.setup(PARTNER_A, balance="50.00")
    with pytest.raises(RuleViolation) as refused:
        await world.issuer().execute(request(customer, bankroll, stake="50.01"))
    assert refused.value.rule == "StakeWithinBankroll"
    state = world.db.state
    assert not state.tickets
    assert not state.transactions
    assert not state.idempotency
    assert not state.decisions


async def test_a_policy_deny_is_recorded_issues_nothing_and_frees_the_key() -> None:
    world = World()
    customer, bankroll = await world.setup(PARTNER_A, born=date(2015, 1, 1))
    with pytest.raises(PolicyDenied) as denied:
        await world.issuer().execute(request(customer, bankroll))
    assert [reason.rule for reason in denied.value.decision.reasons] == ["minimum_age"]
    state = world.db.state
    assert not state.tickets
    assert not state.idempotency
    assert len(state.decisions) == 1
    assert state.decisions[0][1]["customer"]["age"] < 18


async def test_without_a_policy_engine_nothing_is_issued() -> None:
    world = World()
    customer, bankroll = await world.setup(PARTNER_A)
    with pytest.raises(ServiceUnavailable, match="policy engine unavailable"):
        await world.issuer(UnreachablePolicy()).execute(request(customer, bankroll))
    state = world.db.state
    assert not state.tickets
    assert not state.decisions
    assert not state.idempotency
    assert not state.transactions


async def test_another_partners_customer_or_bankroll_is_not_found() -> None:
    world = World()
    customer_a, bankroll_a = await world.setup(PARTNER_A)
    customer_b, bankroll_b = await world.setup(PARTNER_B)
    with pytest.raises(NotFound, match="customer"):
        await world.issuer().execute(request(customer_b, bankroll_a))
    with pytest.raises(NotFound, match="bankroll"):
        await world.issuer().execute(request(customer_a, bankroll_b))


async def test_concurrent_requests_never_overspend_the_bankroll() -> None:
    world = World()
    customer, bankroll = await world.setup(PARTNER_A, balance="100.00")
    issuer = world.issuer()
    outcomes = await asyncio.gather(
        *(issuer.execute(request(customer, bankroll, "7.00", key=f"k{i}")) for i in range(30)),
        return_exceptions=True,
    )
    accepted = [o for o in outcomes if not isinstance(o, BaseException)]
    refused = [o for o in outcomes if isinstance(o, RuleViolation)]
    assert len(accepted) == 14
    assert len(refused) == 16
    assert sum(t.stake for t in world.db.state.tickets.values()) == Decimal("98.00")
