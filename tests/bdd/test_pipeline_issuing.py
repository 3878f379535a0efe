"""Step definitions for features/bdd/pipeline_issuing.feature: the pipeline's issuing and settling steps
(the activity methods themselves, without a Temporal server) on the real use cases and in-memory stores.

pytest-bdd steps are synchronous: each step drives the async code through asyncio.run.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from application.use_cases.ensure_house_account import EnsureHouseAccount, HouseAccountRequest
from application.use_cases.issue_ticket import IssueTicket
from application.use_cases.settle_ticket import PendingSettlements, SettleTicket
from tests.catalogue_builders import SeedFixture, fixture_id, quote, result_memory, seed_memory
from tests.fakes.access import InMemoryAccessRepository, SteppingClock
from tests.fakes.betting import InMemoryDatabase
from tests.fakes.compliance import InMemoryComplianceRecords
from tests.fakes.container import InMemoryAdapters, memory_container, use_case
from tests.fakes.policy import AgeAndExclusionPolicy
from tests.fakes.settlements import InMemorySettlementUnitOfWork
from workflows.pipeline.activities import PipelineActivities, PipelineUseCases
from workflows.pipeline.idempotency import ticket_idempotency_key
from workflows.pipeline.messages import HouseAccount, IssueOutcome, IssueRequest, ProposedTicket, TicketLeg
from workflows.settlement.activities import SettlementActivities, SettlementUseCases
from workflows.settlement.messages import SettlementOutcome, SettleRequest

if TYPE_CHECKING:
    from bootstrap.container import Container
    from domain.compliance import PolicyDecision

scenarios("pipeline_issuing.feature")

KICKOFF = datetime(2024, 4, 20, 14, 0, tzinfo=UTC)
AFTER_THE_MATCH = datetime(2024, 4, 21, tzinfo=UTC)


class _Unused:
    """A use case the steps of this feature never reach."""


@dataclass
class House:
    database: InMemoryDatabase = field(default_factory=InMemoryDatabase)
    access: InMemoryAccessRepository = field(default_factory=InMemoryAccessRepository)
    clock: SteppingClock = field(default_factory=lambda: SteppingClock(datetime(2024, 4, 19, tzinfo=UTC)))
    proposals: list[IssueRequest] = field(default_factory=list)
    outcomes: list[IssueOutcome] = field(default_factory=list)
    settlements: list[SettlementOutcome] = field(default_factory=list)
    account: HouseAccount | None = None
    records: InMemoryComplianceRecords = field(default_factory=InMemoryComplianceRecords)

    def uow(self) -> InMemorySettlementUnitOfWork:
        return InMemorySettlementUnitOfWork(self.database)

    def container(self) -> Container:
        adapters = InMemoryAdapters(database=self.database, access=self.access, clock=self.clock,
                                  policy=_RecordedPolicy(self.records), compliance=self.records)  # fmt: skip
        return memory_container(adapters)

    def pipeline(self) -> PipelineActivities:
        issue = self.container().use_cases().factory(IssueTicket)
        unused: Any = _Unused
        return PipelineActivities(PipelineUseCases(unused, unused, unused, unused, unused, unused, issue,
                                                   lambda: self.records))  # fmt: skip

    def settlement(self) -> SettlementActivities:
        use_cases = self.container().use_cases()
        return SettlementActivities(SettlementUseCases(
            use_cases.factory(PendingSettlements), use_cases.factory(SettleTicket)
        ))  # fmt: skip

    def offer(self, fixture: str, selection: str, odds: str) -> None:
        """The catalogue prices the fixture's selection at these odds (the fixture kicks off at KICKOFF)."""
        if fixture_id(fixture) not in self.database.state.fixtures:
            seed_memory(self.database, [SeedFixture(fixture, KICKOFF)], [])
        seed_memory(self.database, [], [quote(fixture, "1x2", selection, odds)])

    def available(self) -> Decimal:
        assert self.account is not None
        return asyncio.run(self._summary(self.account.bankroll_id))

    async def _summary(self, bankroll_id: str) -> Decimal:
        async with self.uow() as uow:
            found = await uow.bankrolls.summary(None, bankroll_id)
        assert found is not None
        return found.available


class _RecordedPolicy:
    """The policy of the partner tests, whose decisions land where the issuing step reads bundle hashes."""

    def __init__(self, records: InMemoryComplianceRecords) -> None:
        self._policy, self._records = AgeAndExclusionPolicy(), records

    async def decide(self, document: dict[str, Any]) -> PolicyDecision:
        decision = await self._policy.decide(document)
        await self._records.record_decision(decision, document)
        return decision


@pytest.fixture
def house() -> House:
    return House()


@given(parsers.parse("the house account with a bankroll of {amount}"))
def house_account(house: House, amount: str) -> None:
    ensuring = use_case(house.container(), EnsureHouseAccount)
    made = asyncio.run(ensuring.execute(HouseAccountRequest(starting_balance=Decimal(amount))))
    house.account = HouseAccount(made.partner_id, made.customer_id, made.bankroll_id)


@given(
    parsers.parse(
        'pipeline run "{run}" proposes a single of {stake} on fixture "{fixture}" {selection} at {odds}'
    )
)
def proposal(house: House, run: str, stake: str, fixture: str, selection: str, odds: str) -> None:
    assert house.account is not None
    house.offer(fixture, selection, odds)
    leg = TicketLeg(fixture_id(fixture), "E0", "1x2", selection, "pinnacle", Decimal(odds))
    request = IssueRequest(
        ticket_idempotency_key(run, [leg]), house.account, ProposedTicket((leg,), Decimal(stake))
    )
    house.proposals.append(request)


@given("the issuing step runs")
@when("the issuing step runs")
def issue_first(house: House) -> None:
    house.outcomes.append(asyncio.run(house.pipeline().issue(house.proposals[0])))


@when("the issuing step runs again for the same proposal")
def issue_again(house: House) -> None:
    house.outcomes.append(asyncio.run(house.pipeline().issue(house.proposals[0])))


@when("the issuing step runs for each proposal")
def issue_each(house: House) -> None:
    house.outcomes += [asyncio.run(house.pipeline().issue(proposal)) for proposal in house.proposals]


@given(parsers.parse('fixture "{fixture}" ended {home:d}-{away:d}'))
def result(house: House, fixture: str, home: int, away: int) -> None:
    result_memory(house.database, fixture, home, away)


@when("the settlement step runs")
@when("the settlement step runs again for the same ticket")
def settle(house: House) -> None:
    ticket_id = house.outcomes[0].ticket_id
    assert ticket_id is not None
    house.settlements.append(
        asyncio.run(house.settlement().settle(SettleRequest(ticket_id, AFTER_THE_MATCH)))
    )


@then(parsers.parse("the house has {count:d} ticket"))
@then(parsers.parse("the house has {count:d} tickets"))
def ticket_count(house: House, count: int) -> None:
    assert len(house.database.state.tickets) == count
    assert len({outcome.ticket_id for outcome in house.outcomes}) == count


@then("the second outcome is the first ticket, marked as replayed")
def replayed(house: House) -> None:
    first, second = house.outcomes
    assert second.ticket_id == first.ticket_id
    assert second.replayed
    assert not first.replayed


@then("each issued ticket names its policy decision and the policy bundle")
def traceable(house: House) -> None:
    for outcome in house.outcomes:
        stored = house.records.stored[outcome.decision_id or ""]
        assert stored.allow
        assert outcome.bundle_hash == stored.bundle_hash


@then(parsers.parse("the house bankroll has {amount} available"))
def available(house: House, amount: str) -> None:
    assert house.available() == Decimal(amount)


@then(parsers.parse("the ticket is settled with a payout of {amount}"))
def settled(house: House, amount: str) -> None:
    first = house.settlements[0]
    assert (first.status, first.payout, first.already_settled) == ("settled", Decimal(amount), False)


@then("the second settlement reports the ticket as already settled")
def already_settled(house: House) -> None:
    second = house.settlements[1]
    assert second.already_settled
    assert second.payout == house.settlements[0].payout
