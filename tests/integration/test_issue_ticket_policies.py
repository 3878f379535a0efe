"""IssueTicket with the real compliance policies (embedded OPA): the document it builds is the documented
input, so real decisions come back, not input.invalid."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

from adapters.policy.embedded import EmbeddedOpa
from adapters.policy.engine import RegoPolicyEngine
from adapters.runtime import TokenSecrets
from application.use_cases.issue_ticket import IssueTicket, IssueTicketRequest, LegRequest, PolicyDenied
from application.use_cases.open_bankroll import OpenBankroll, OpenBankrollRequest
from application.use_cases.register_customer import RegisterCustomer, RegisterCustomerRequest
from domain.access import Partner, Principal, Role
from tests.catalogue_builders import SeedFixture, fixture_id, quote, seed_memory
from tests.fakes.container import InMemoryAdapters, memory_container
from tests.integration.policy_support import BUNDLE

if TYPE_CHECKING:
    from tests.fakes.betting import InMemoryDatabase

PARTNER = Principal("key", Role.PARTNER, "p1")


@pytest.fixture(scope="module")
def policy() -> RegoPolicyEngine:
    return RegoPolicyEngine(EmbeddedOpa(BUNDLE), TokenSecrets())


CURRENCIES = {"DE": "EUR", "AU": "AUD", "GB": "GBP"}


async def issue(policy: RegoPolicyEngine, jurisdiction: str, born: date, *, market: str = "1x2",
                in_play: bool = False, currency: str | None = None,
                ) -> tuple[InMemoryDatabase, IssueTicket, IssueTicketRequest]:  # fmt: skip
    adapters = InMemoryAdapters(policy=policy)
    database, clock, use_cases = adapters.database, adapters.clock, memory_container(adapters).use_cases()
    await adapters.access.add_partner(Partner("p1", "p1", clock.now()))
    bankroll = await use_cases(OpenBankroll).execute(
        OpenBankrollRequest("p1", "main", Decimal("1000.00"), currency or CURRENCIES[jurisdiction])
    )
    customer = await use_cases(RegisterCustomer).execute(
        RegisterCustomerRequest(PARTNER, jurisdiction, born, identity_verified=True)
    )
    kicked_off = clock.now() - timedelta(minutes=30)
    fixture = SeedFixture("F1", kickoff=kicked_off) if in_play else SeedFixture("F1")
    live = kicked_off + timedelta(minutes=10) if in_play else None  # a price taken after kickoff
    seed_memory(database, [fixture], [quote("F1", market, "home", "2.10", captured_at=live)])
    leg = LegRequest(fixture_id("F1"), "Bundesliga", market, "home", "pinnacle", Decimal("2.10"))
    request = IssueTicketRequest(
        PARTNER, "k1", customer.customer_id, bankroll.bankroll_id, Decimal("25.50"), (leg,)
    )
    return database, use_cases(IssueTicket), request


async def test_an_adult_in_germany_gets_the_ticket(policy: RegoPolicyEngine) -> None:
    database, issuer, request = await issue(policy, "DE", date(1990, 1, 1))
    issued = await issuer.execute(request)
    [(decision, document)] = database.state.decisions
    assert decision.allow
    assert decision.decision_id == issued.ticket.decision_id
    assert decision.bundle_hash == BUNDLE.describe().hash
    assert document["customer"]["deposits"] == {"24h": 0, "7d": 0, "30d": 0}
    assert document["tickets"][0]["stake"] == 25.5


async def test_a_minor_is_refused_by_the_real_rule(policy: RegoPolicyEngine) -> None:
    database, issuer, request = await issue(policy, "DE", date(2010, 1, 1))
    with pytest.raises(PolicyDenied) as denied:
        await issuer.execute(request)
    assert [reason.rule for reason in denied.value.decision.reasons] == ["eligibility.minimum_age"]
    assert not database.state.tickets


async def test_an_in_play_ticket_is_refused_in_australia(policy: RegoPolicyEngine) -> None:
    _, issuer, request = await issue(policy, "AU", date(1990, 1, 1), in_play=True)
    with pytest.raises(PolicyDenied) as denied:
        await issuer.execute(request)
    assert [reason.rule for reason in denied.value.decision.reasons] == ["in_play.banned"]


async def test_in_play_is_derived_from_the_fixture_and_a_live_price(policy: RegoPolicyEngine) -> None:
    database, issuer, request = await issue(policy, "GB", date(1990, 1, 1), in_play=True)
    issued = await issuer.execute(request)
    [(_, document)] = database.state.decisions
    assert document["tickets"][0]["legs"][0]["in_play"] is True
    assert issued.ticket.in_play == (True,)


async def test_a_bankroll_in_another_currency_than_the_customers_figures_is_refused(
    policy: RegoPolicyEngine,
) -> None:
    database, issuer, request = await issue(policy, "DE", date(1990, 1, 1), currency="GBP")
    with pytest.raises(PolicyDenied) as denied:
        await issuer.execute(request)
    assert [reason.rule for reason in denied.value.decision.reasons] == ["currency.mismatch"]
    [(_, document)] = database.state.decisions
    assert document["bankroll"] == {"currency": "GBP"}
