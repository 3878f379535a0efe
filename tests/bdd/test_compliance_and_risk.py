"""Step definitions for features/bdd/compliance_and_risk.feature: the use cases on the in-memory store,
the real compliance policies on embedded OPA, settlements from final scores."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from adapters.policy.bundle import PolicyDirectory
from adapters.policy.embedded import EmbeddedOpa
from adapters.policy.engine import RegoPolicyEngine
from adapters.runtime import TokenSecrets
from application.use_cases.issue_ticket import IssueTicket, IssueTicketRequest, LegRequest, PolicyDenied
from application.use_cases.open_bankroll import OpenBankroll, OpenBankrollRequest
from application.use_cases.register_customer import (
    RecordPayment,
    RecordPaymentRequest,
    RegisterCustomer,
    RegisterCustomerRequest,
)
from application.use_cases.set_bankroll_risk import SetBankrollRisk, SetBankrollRiskRequest
from application.use_cases.settle_ticket import SettleTicket, SettleTicketRequest
from application.use_cases.update_customer import UpdateCustomer, UpdateCustomerRequest
from bootstrap.container import Container
from domain.access import Partner, Principal, Role
from domain.customers import CustomerChange, TransactionKind
from domain.errors import DomainError, RuleViolation
from domain.markets import FixtureState, MarketSelection, PriceBookEntry, Score
from tests.fakes.access import RandomSecrets
from tests.fakes.betting import InMemoryDatabase, InMemoryUnitOfWork
from tests.fakes.container import InMemoryAdapters, UseCase, memory_container, use_case

scenarios("compliance_and_risk.feature")

PARTNER = Principal("partner-key", Role.PARTNER, "p1")


class Clock:
    def __init__(self) -> None:
        self.moment = datetime(2025, 5, 1, 12, tzinfo=UTC)

    def now(self) -> datetime:
        self.moment += timedelta(milliseconds=1)
        return self.moment


@pytest.fixture(scope="module")
def policy() -> RegoPolicyEngine:
    return RegoPolicyEngine(EmbeddedOpa(PolicyDirectory()), TokenSecrets())


@dataclass
class Desk:
    policy: RegoPolicyEngine
    database: InMemoryDatabase = field(default_factory=InMemoryDatabase)
    clock: Clock = field(default_factory=Clock)
    secrets: RandomSecrets = field(default_factory=RandomSecrets)
    bankroll_id: str = ""
    customer_id: str = ""
    tickets: int = 0
    adapters: InMemoryAdapters = field(init=False)
    container: Container = field(init=False)

    def __post_init__(self) -> None:
        self.adapters = InMemoryAdapters(
            database=self.database, clock=self.clock, secrets=self.secrets, policy=self.policy
        )
        self.container = memory_container(self.adapters)

    def use(self, kind: type[UseCase]) -> UseCase:
        return use_case(self.container, kind)

    def uow(self) -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(self.database)

    def run(self, coroutine: Any) -> Any:
        return asyncio.run(coroutine)

    def single(self, stake: str, fixture: str, odds: str = "2.10") -> Any:
        self.tickets += 1
        self.offer(fixture, odds)
        leg = LegRequest(fixture, "E0", "1x2", "home", "pinnacle", Decimal(odds))
        request = IssueTicketRequest(PARTNER, f"k{self.tickets}", self.customer_id, self.bankroll_id,
                                     Decimal(stake), (leg,))  # fmt: skip
        return self.run(self.use(IssueTicket).execute(request))

    def offer(self, fixture: str, odds: str) -> None:
        """List the fixture in the market catalogue (kickoff in an hour) with its home price at `odds`."""
        state = self.database.state
        if fixture not in state.fixtures:
            kickoff = self.clock.moment + timedelta(hours=1)
            state.fixtures[fixture] = FixtureState(fixture, "E0", kickoff)
        home = MarketSelection("1x2", "home", None)
        state.quotes[:] = [q for q in state.quotes if (q.fixture_id, q.selection) != (fixture, home)]
        state.quotes.append(PriceBookEntry(fixture, home, "pinnacle", Decimal(odds), self.clock.moment, "b"))

    def result(self, fixture: str, home: int, away: int) -> None:
        state = self.database.state
        state.fixtures[fixture] = replace(state.fixtures[fixture], score=Score(home, away))

    def deposit(self, amount: str, key: str | None = None) -> Any:
        request = RecordPaymentRequest(
            PARTNER, self.customer_id, TransactionKind.DEPOSIT, Decimal(amount), key
        )
        return self.run(self.use(RecordPayment).execute(request))

    def change(self, change: CustomerChange) -> None:
        request = UpdateCustomerRequest(PARTNER, self.customer_id, change)
        self.run(self.use(UpdateCustomer).execute(request))

    def risk(self, name: str, value: str | None) -> None:
        changes = {name: None if value is None else Decimal(value)}
        request = SetBankrollRiskRequest(PARTNER, self.bankroll_id, changes)
        self.run(self.use(SetBankrollRisk).execute(request))


@pytest.fixture
def desk(policy: RegoPolicyEngine) -> Desk:
    return Desk(policy)


@given(parsers.parse("a partner with a bankroll of {amount} {currency}"))
def partner_with_bankroll(desk: Desk, amount: str, currency: str) -> None:
    desk.run(desk.adapters.access.add_partner(Partner("p1", "p1", desk.clock.now())))
    opened = desk.run(
        desk.use(OpenBankroll).execute(OpenBankrollRequest("p1", "main", Decimal(amount), currency))
    )
    desk.bankroll_id = opened.bankroll_id


@given(parsers.parse("a customer in {code}"))
def a_customer(desk: Desk, code: str) -> None:
    request = RegisterCustomerRequest(PARTNER, code, date(1985, 3, 2), identity_verified=True)
    desk.customer_id = desk.run(desk.use(RegisterCustomer).execute(request)).customer_id


@given(parsers.parse("the bankroll's rule {name} is {value}"))
def bankroll_rule(desk: Desk, name: str, value: str) -> None:
    desk.risk(name, value)


@when(parsers.parse("the partner sets the customer's cool-off until {hours:d} hours from now"))
def set_cool_off(desk: Desk, hours: int) -> None:
    desk.change(CustomerChange(cool_off_until=desk.clock.moment + timedelta(hours=hours)))


@when("the partner sets the customer's self-exclusion until next year")
def set_self_exclusion(desk: Desk) -> None:
    desk.change(CustomerChange(self_excluded_until=(desk.clock.moment + timedelta(days=365)).date()))


@when(parsers.parse("the partner sets the customer's 30-day deposit limit to {amount}"))
def set_deposit_limit(desk: Desk, amount: str) -> None:
    desk.change(CustomerChange(deposit_limits={"30d": Decimal(amount)}))


@when(parsers.parse("the partner turns the bankroll's rule {name} off"))
def rule_off(desk: Desk, name: str) -> None:
    desk.risk(name, None)


@when(parsers.parse("{hours:d} hours pass"))
def hours_pass(desk: Desk, hours: int) -> None:
    desk.clock.moment += timedelta(hours=hours)


@when(parsers.parse("the customer deposits {amount} with Idempotency-Key {key}"))
def deposits_with_key(desk: Desk, amount: str, key: str) -> None:
    desk.deposit(amount, key)


@when(parsers.parse("the customer deposits {amount}"))
def deposits(desk: Desk, amount: str) -> None:
    desk.deposit(amount)


@when(
    parsers.re(
        r"a (?P<stake>[\d.]+) single on fixture (?P<fixture>\w+) is issued and (?P<outcome>lost|won)"
        r"( at (?P<odds>[\d.]+))?"
    )
)
def issued_and_settled(desk: Desk, stake: str, fixture: str, outcome: str, odds: str | None) -> None:
    issued = desk.single(stake, fixture, odds or "2.10")
    home, away = (2, 0) if outcome == "won" else (0, 1)
    desk.result(fixture, home, away)
    settler = desk.use(SettleTicket)
    desk.run(
        settler.execute(SettleTicketRequest(issued.ticket.ticket_id, desk.clock.moment + timedelta(days=1)))
    )


@then(parsers.parse("a {stake} single on fixture {fixture} is refused by the policy under rule {rule}"))
def ticket_refused_by_policy(desk: Desk, stake: str, fixture: str, rule: str) -> None:
    with pytest.raises(PolicyDenied) as denied:
        desk.single(stake, fixture)
    assert [reason.rule for reason in denied.value.decision.reasons] == [rule]


@then(parsers.parse("a {stake} single on fixture {fixture} is refused by the bankroll rule {rule}"))
def ticket_refused_by_rule(desk: Desk, stake: str, fixture: str, rule: str) -> None:
    with pytest.raises(RuleViolation) as refused:
        desk.single(stake, fixture)
    assert refused.value.rule == rule


@then(parsers.parse("a {stake} single on fixture {fixture} is issued"))
def ticket_issued(desk: Desk, stake: str, fixture: str) -> None:
    assert desk.single(stake, fixture).ticket.stake == Decimal(stake)


@then(parsers.parse("a deposit of {amount} is refused by the policy under rule {rule}"))
def deposit_refused(desk: Desk, amount: str, rule: str) -> None:
    with pytest.raises(PolicyDenied) as denied:
        desk.deposit(amount)
    assert [reason.rule for reason in denied.value.decision.reasons] == [rule]


@then(parsers.parse("a deposit of {amount} is accepted"))
def deposit_accepted(desk: Desk, amount: str) -> None:
    assert desk.deposit(amount).amount == Decimal(amount)


@then("the refusal's decision is recorded and no deposit is")
def decision_recorded(desk: Desk) -> None:
    decision, document = desk.database.state.decisions[-1]
    assert not decision.allow
    assert document["deposit"] == {"amount": 10}
    assert [t for t in desk.database.state.transactions if t.kind is TransactionKind.DEPOSIT] == []


@then(parsers.parse("the customer has {count:d} deposit recorded"))
def deposits_recorded(desk: Desk, count: int) -> None:
    assert len([t for t in desk.database.state.transactions if t.kind is TransactionKind.DEPOSIT]) == count


@then("the audit log holds the customer's cool-off change from none to the new end")
def cool_off_audited(desk: Desk) -> None:
    [payload] = [p for kind, p in desk.database.state.audit if kind == "customer.changed"]
    change = payload["changes"]["cool_off_until"]
    assert change["old"] is None
    assert change["new"]
    assert payload["by_key"] == PARTNER.key_id


@then("the audit log holds the bankroll's risk change")
def risk_audited(desk: Desk) -> None:
    [payload] = [p for kind, p in desk.database.state.audit if kind == "bankroll.risk_changed"]
    assert payload["old"]["max_exposure_per_fixture"] is None
    assert payload["new"]["max_exposure_per_fixture"] == "30.00"


@then(parsers.parse("lifting the customer's {protection} is refused by the policy under rule {rule}"))
def lifting_refused(desk: Desk, protection: str, rule: str) -> None:
    field = {"self-exclusion": "self_excluded_until", "cool-off": "cool_off_until"}[protection]
    change = (
        CustomerChange(self_excluded_until=None)
        if field == "self_excluded_until"
        else CustomerChange(cool_off_until=None)
    )
    with pytest.raises(PolicyDenied) as denied:
        desk.change(change)
    assert [reason.rule for reason in denied.value.decision.reasons] == [rule]
    assert getattr(desk.database.state.customers[desk.customer_id], field) is not None, "nothing changed"


@then(parsers.parse("a cool-off until the year {year:d} is refused as invalid {field}"))
def cool_off_refused(desk: Desk, year: int, field: str) -> None:
    until = datetime(year, 12, 31, tzinfo=UTC)
    with pytest.raises(DomainError, match=f"invalid {field}"):
        desk.change(CustomerChange(cool_off_until=until))
    assert desk.database.state.customers[desk.customer_id].cool_off_until is None, "nothing changed"


@then("extending the customer's self-exclusion by a year is accepted")
def extending(desk: Desk) -> None:
    current = desk.database.state.customers[desk.customer_id].self_excluded_until
    assert current is not None
    desk.change(CustomerChange(self_excluded_until=current + timedelta(days=365)))
    assert desk.database.state.customers[desk.customer_id].self_excluded_until == current + timedelta(
        days=365
    )
