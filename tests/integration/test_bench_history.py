"""bench.history on the real PostgreSQL: the seeded history is what it claims, and the ledger, the stored
balances, the tickets and the customers' movements agree with each other."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import text

from adapters.persistence.betting import PostgresBettingUnitOfWork
from adapters.persistence.engine import create_engine
from application.use_cases.create_api_key import CreateApiKey, CreateApiKeyRequest
from application.use_cases.create_partner import CreatePartner, CreatePartnerRequest
from application.use_cases.open_bankroll import OpenBankroll, OpenBankrollRequest
from application.use_cases.register_customer import RegisterCustomer, RegisterCustomerRequest
from bench.history import HistoryTarget, seed_history, settled_tickets_for
from bootstrap.container import container_on
from domain.access import Principal, Role
from domain.bankroll import BankrollScope

OPEN, ENTRIES, TRANSACTIONS = 20, 150, 30
START = Decimal("1000.00")

PER_BANKROLL = """
SELECT b.id, b.available, b.at_risk, b.peak_balance,
       (SELECT count(*) FROM ledger_entries e WHERE e.bankroll_id = b.id),
       (SELECT coalesce(sum(amount), 0) FROM ledger_entries e
        WHERE e.bankroll_id = b.id AND account = 'available'),
       (SELECT coalesce(sum(amount), 0) FROM ledger_entries e
        WHERE e.bankroll_id = b.id AND account = 'at_risk'),
       (SELECT count(*) FROM tickets t WHERE t.bankroll_id = b.id AND t.status = 'issued'),
       (SELECT count(*) FROM tickets t WHERE t.bankroll_id = b.id AND t.status = 'settled'),
       (SELECT count(*) FROM ticket_legs l JOIN tickets t ON t.id = l.ticket_id WHERE t.bankroll_id = b.id)
FROM bankrolls b ORDER BY b.id
"""


async def test_seeded_history_is_consistent_with_the_stored_balances(fresh_database_url: str) -> None:
    engine = create_engine(fresh_database_url, pooled=False)
    use_cases = container_on(engine).use_cases()
    try:
        partner = await use_cases(CreatePartner).execute(CreatePartnerRequest("history"))
        key = await use_cases(CreateApiKey).execute(CreateApiKeyRequest(Role.PARTNER, partner.partner_id))
        principal = Principal(key.record.key_id, Role.PARTNER, partner.partner_id)
        targets = []
        for index in range(2):
            bankroll = await use_cases(OpenBankroll).execute(
                OpenBankrollRequest(partner.partner_id, f"history {index}", START, "GBP")
            )
            customer = await use_cases(RegisterCustomer).execute(
                RegisterCustomerRequest(principal, "GB", date(1980, 1, 1), identity_verified=True)
            )
            targets.append(
                HistoryTarget(
                    partner.partner_id, customer.customer_id, bankroll.bankroll_id, f"fixture-{index}"
                )
            )

        await seed_history(
            engine, targets, open_tickets=OPEN, ledger_entries=ENTRIES, transactions=TRANSACTIONS
        )

        settled = settled_tickets_for(OPEN, ENTRIES)
        async with engine.connect() as connection:
            found = (await connection.execute(text(PER_BANKROLL))).all()
            unbalanced = (
                await connection.execute(
                    text("SELECT count(*) FROM (SELECT reference, description FROM ledger_entries"
                         " GROUP BY reference, description HAVING sum(amount) <> 0) AS u")
                )
            ).scalar_one()  # fmt: skip
            recent: dict[str, int] = dict(
                (
                    await connection.execute(
                        text("SELECT customer_id, count(*) FROM customer_transactions"
                             " WHERE occurred_at > now() - interval '30 days' GROUP BY customer_id")
                    )
                ).all()
            )  # fmt: skip
        assert unbalanced == 0
        assert len(found) == 2
        for row in found:
            _, available, at_risk, peak, entries, ledger_available, ledger_at_risk, issued, done, legs = row
            assert entries == 2 + 2 * OPEN + 5 * settled >= ENTRIES
            assert (available, at_risk) == (ledger_available, ledger_at_risk)
            assert at_risk == OPEN * Decimal("1.00")
            assert available == START - at_risk  # as many settled tickets won (+1.00) as lost (-1.00)
            assert peak == START
            assert (issued, done, legs) == (OPEN, settled, OPEN + settled)
        assert recent == {target.customer_id: TRANSACTIONS for target in targets}

        # what issuing reads back: the bankroll with its open stakes, the customer's 30-day window
        now = datetime.now(UTC)
        async with PostgresBettingUnitOfWork(engine) as work:
            scope = BankrollScope(fixtures=frozenset({"fixture-0"}))
            restored = await work.bankrolls.lock(partner.partner_id, targets[0].bankroll_id, scope)
            activity = await work.customers.activity(targets[0].customer_id, now)
        assert restored is not None
        assert restored.available == START - OPEN * Decimal("1.00")
        assert restored.fixture_exposure("fixture-0") == OPEN * Decimal("1.00")
        window = activity.windows["30d"]
        assert window.stakes == OPEN * Decimal("1.00")
        assert window.deposits == (TRANSACTIONS - OPEN) * Decimal("10.00")
    finally:
        await engine.dispose()
