"""The issue path on PostgreSQL reads and writes running figures, not the bankroll's or customer's history.

- One issue sends the same number of SQL statements on a fresh bankroll and customer as on ones with
  hundreds of open tickets, thousands of ledger entries and transactions, and no more than
  MAX_STATEMENTS_PER_ISSUE (one leg).
- The running figures rebuilt from bulk-loaded rows (rebuild_derived_state) agree with the rows, and the
  issue on top of them keeps them agreeing.
- `audit verify` names a bankroll or a customer whose stored figures were altered.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
import pytest_asyncio
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.persistence import driver
from adapters.persistence.access import PostgresAccessRepository
from adapters.persistence.derived_state import derived_state_differences
from adapters.persistence.engine import create_engine
from application.use_cases.issue_ticket import IssueTicket, IssueTicketRequest, LegRequest
from application.use_cases.open_bankroll import OpenBankroll, OpenBankrollRequest
from application.use_cases.register_customer import RegisterCustomer, RegisterCustomerRequest
from application.use_cases.verify_audit_log import VerifyAuditLog
from bench.history import HistoryTarget, seed_history
from bootstrap.container import container_on
from domain.access import Partner, Principal, Role
from tests.catalogue_builders import SeedFixture, fixture_id, match_result_book, seed_postgres
from tests.fakes.access import RandomSecrets, SteppingClock
from tests.fakes.policy import AgeAndExclusionPolicy

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

# claim, fixture, price, competition, customer, windows, bankroll+figures, writes+chain head, entries
MAX_STATEMENTS_PER_ISSUE = 9
CATALOGUE = [SeedFixture("R1"), SeedFixture("R2")]


@dataclass
class Desk:
    engine: AsyncEngine
    issuer: IssueTicket
    principal: Principal
    customer: str
    bankroll: str
    statements: list[str]

    async def issue(self, key: str, fixture: str = "R1", stake: str = "5.00") -> tuple[str, int]:
        leg = LegRequest(fixture_id(fixture), "E0", "1x2", "home", "pinnacle", Decimal("2.10"))
        request = IssueTicketRequest(
            self.principal, key, self.customer, self.bankroll, Decimal(stake), (leg,)
        )
        self.statements.clear()
        issued = await self.issuer.execute(request)
        return issued.ticket.ticket_id, len(self.statements)

    async def differences(self) -> list[str]:
        async with self.engine.connect() as connection:
            return await derived_state_differences(connection)


@pytest_asyncio.fixture(loop_scope="function")
async def desk(fresh_database_url: str) -> AsyncIterator[Desk]:
    engine = create_engine(fresh_database_url)
    await seed_postgres(engine, CATALOGUE, [e for f in CATALOGUE for e in match_result_book(f.name)])
    clock, secrets = SteppingClock(datetime(2025, 3, 1, 12, tzinfo=UTC)), RandomSecrets()
    use_cases = container_on(
        engine, clock=clock, secrets=secrets, policy_engine=AgeAndExclusionPolicy()
    ).use_cases()
    await PostgresAccessRepository(engine).add_partner(Partner("p1", "partner p1", clock.now()))
    principal = Principal("key-p1", Role.PARTNER, "p1")
    bankroll = await use_cases(OpenBankroll).execute(OpenBankrollRequest("p1", "main", Decimal("100000.00")))
    customer = await use_cases(RegisterCustomer).execute(
        RegisterCustomerRequest(principal, "GB", date(1980, 1, 1), identity_verified=True)
    )
    statements: list[str] = []

    def sent_to_driver(statement: str) -> contextlib.nullcontext[None]:
        statements.append(statement)
        return contextlib.nullcontext()

    event.listen(engine.sync_engine, "before_cursor_execute", lambda *a, **k: statements.append(a[2]))
    issuer = use_cases(IssueTicket)
    try:
        with pytest.MonkeyPatch.context() as patch:  # the statements sent to asyncpg directly
            patch.setattr(driver, "statement_span", sent_to_driver)
            yield Desk(engine, issuer, principal, customer.customer_id, bankroll.bankroll_id, statements)
    finally:
        await engine.dispose()


async def test_one_issue_sends_as_many_statements_with_a_long_history_as_without(desk: Desk) -> None:
    await desk.issue("first")
    _, fresh = await desk.issue("second")
    target = HistoryTarget("p1", desk.customer, desk.bankroll, fixture_id("R1"))
    await seed_history(desk.engine, [target], open_tickets=400, ledger_entries=4000, transactions=1500)
    assert await desk.differences() == []  # the rebuilt figures agree with the bulk-loaded rows
    _, with_history = await desk.issue("third")
    _, on_another_fixture = await desk.issue("fourth", fixture="R2")
    assert 0 < fresh == with_history == on_another_fixture <= MAX_STATEMENTS_PER_ISSUE, desk.statements
    assert await desk.differences() == []  # and the issue kept them so
    async with desk.engine.connect() as connection:
        open_tickets = await connection.scalar(
            text("SELECT count(*) FROM tickets WHERE bankroll_id = :b AND status = 'issued'"),
            {"b": desk.bankroll},
        )
    assert open_tickets == 404


async def test_audit_verify_names_a_bankroll_and_a_customer_whose_figures_were_altered(desk: Desk) -> None:
    await desk.issue("first")
    verify = container_on(desk.engine).use_cases()(VerifyAuditLog)
    assert (await verify.execute()).intact
    async with desk.engine.begin() as connection:
        await connection.execute(text("UPDATE bankroll_fixture_exposure SET amount = amount - 5"))
        await connection.execute(text("UPDATE customer_transactions SET stake_to_date = stake_to_date + 1"))
    report = await verify.execute()
    assert not report.intact
    fixture = fixture_id("R1")
    assert (
        f"bankroll {desk.bankroll}: stored bankroll_fixture_exposure for {fixture} is 0.00, "
        "its records give 5.00"
    ) in report.problems
    assert any(problem.startswith(f"customer {desk.customer}: ") for problem in report.problems)
