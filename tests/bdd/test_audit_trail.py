"""Step definitions for features/bdd/audit_trail.feature: ticket events audited by the unit of work."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from application.audit_events import TicketContext
from domain.bankroll import Bankroll
from domain.betting import issue_ticket, settle_ticket
from domain.settlement import LegResult
from domain.tickets import Ticket
from tests.betting_builders import leg
from tests.fakes.betting import InMemoryDatabase, InMemoryUnitOfWork

scenarios("audit_trail.feature")
NOW = datetime(2026, 5, 1, 12, tzinfo=UTC)
RESULTS = {"wins": LegResult.WIN, "loses": LegResult.LOSS, "is void": LegResult.VOID}


@dataclass
class Desk:
    database: InMemoryDatabase = field(default_factory=InMemoryDatabase)
    bankroll: Bankroll | None = None
    ticket: Ticket | None = None

    def entries(self) -> list[tuple[str, dict[str, object]]]:
        return list(self.database.state.audit)


@pytest.fixture
def desk() -> Desk:
    return Desk()


@given(parsers.parse("a bankroll of {amount}"))
def bankroll_of(desk: Desk, amount: str) -> None:
    desk.bankroll = Bankroll("b1", Decimal(amount))


async def _issue(desk: Desk, stake: str, odds: str, customer: str, decision: str, commit: bool) -> None:
    assert desk.bankroll is not None
    async with InMemoryUnitOfWork(desk.database) as uow:
        desk.ticket = Ticket.quote("t1", [leg("F1", odds)], Decimal(stake))
        issue_ticket(desk.ticket, desk.bankroll, NOW.date())
        uow.track(desk.ticket, TicketContext("p1", customer, desk.bankroll.bankroll_id, decision))
        if commit:
            await uow.commit()


@given(parsers.parse("a {stake} single at {odds} is issued for customer {customer} under decision {decision} "
                     "and committed"))  # fmt: skip
@when(parsers.parse("a {stake} single at {odds} is issued for customer {customer} under decision {decision} "
                    "and committed"))  # fmt: skip
def issued_and_committed(desk: Desk, stake: str, odds: str, customer: str, decision: str) -> None:
    asyncio.run(_issue(desk, stake, odds, customer, decision, commit=True))


@when(parsers.parse("a {stake} single at {odds} is issued for customer {customer} under decision {decision} "
                    "but not committed"))  # fmt: skip
def issued_not_committed(desk: Desk, stake: str, odds: str, customer: str, decision: str) -> None:
    asyncio.run(_issue(desk, stake, odds, customer, decision, commit=False))


@when(parsers.parse("the leg {result} and the settlement is committed"))
def settled(desk: Desk, result: str) -> None:
    async def settle() -> None:
        assert desk.ticket is not None
        assert desk.bankroll is not None
        async with InMemoryUnitOfWork(desk.database) as uow:
            settle_ticket(desk.ticket, desk.bankroll, {"F1": RESULTS[result]}, NOW.date())
            uow.track(desk.ticket, TicketContext(closing_line_value=None))
            await uow.commit()

    asyncio.run(settle())


@then(parsers.parse('the audit log holds "{kinds}" only'))
def holds_only(desk: Desk, kinds: str) -> None:
    assert [kind for kind, _ in desk.entries()] == kinds.split(", ")


@then("the audit log holds no entry")
def holds_nothing(desk: Desk) -> None:
    assert desk.entries() == []


@then(parsers.parse("its last entry names customer {customer}, decision {decision}, stake {stake} and "
                    "combined odds {odds}"))  # fmt: skip
def names_owners(desk: Desk, customer: str, decision: str, stake: str, odds: str) -> None:
    _, payload = desk.entries()[-1]
    assert (payload["customer_id"], payload["decision_id"]) == (customer, decision)
    assert (Decimal(str(payload["stake"])), Decimal(str(payload["combined_odds"]))) == (
        Decimal(stake),
        Decimal(odds),
    )


@then(parsers.parse("its last entry has status {status} and payout {payout}"))
def settled_entry(desk: Desk, status: str, payout: str) -> None:
    kind, payload = desk.entries()[-1]
    assert (kind, payload["status"], payload["payout"]) == ("ticket.settled", status, payout)
