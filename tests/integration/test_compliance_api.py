"""Compliance and bankroll risk through the partner API: a real server process, real PostgreSQL, the real
policies on embedded OPA. Every deny rule of every policy package is reached here from the system's own
facts (customer state set by PATCH, the competition catalogue, the customer's recorded activity), not from
a hand-written policy input; docs/auditors.md lists which test reaches which rule.

Fixtures come from ingesting an odds-api file through the real source plugin: one Premier League match,
one in the catalogue's youth competition (Ontario U-17, `YON`) and one in its New Jersey college
competition (`NJC`).
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from sqlalchemy import text

from adapters.persistence.engine import create_engine
from application.use_cases.create_api_key import CreateApiKey, CreateApiKeyRequest
from application.use_cases.create_partner import CreatePartner, CreatePartnerRequest
from application.use_cases.ingest_source import IngestRequest, IngestSource
from application.use_cases.open_bankroll import OpenBankroll, OpenBankrollRequest
from application.use_cases.settle_ticket import SettleTicket, SettleTicketRequest
from bootstrap.container import container_on
from domain.access import Role
from plugins.manager import PluginHost
from tests.integration.servers import api_servers

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

KICKOFF = (datetime.now(UTC) + timedelta(days=10)).replace(hour=15, minute=0, second=0, microsecond=0)
MATCHES = {  # competition code: (sport key, home, away)
    "E0": ("soccer_epl", "Arsenal", "Chelsea"),
    "YON": ("soccer_canada_ontario_u17", "Toronto U17", "Ottawa U17"),
    "NJC": ("soccer_usa_ncaa_new_jersey", "Rutgers Scarlet Knights", "Princeton Tigers"),
    "E1": ("soccer_efl_champ", "Leeds", "Burnley"),  # kicked off: priced in play
}
LIVE = "E1"
LIVE_KICKOFF = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=30)
PRICES = {"home": "2.10", "draw": "3.40", "away": "3.60"}


def _event(sport: str, home: str, away: str) -> dict[str, Any]:
    kickoff = LIVE_KICKOFF if sport == MATCHES[LIVE][0] else KICKOFF
    totals = [{"name": "Over", "price": 1.95, "point": 2.5}, {"name": "Under", "price": 1.95, "point": 2.5}]
    outcomes = [
        {"name": home, "price": float(PRICES["home"])},
        {"name": "Draw", "price": float(PRICES["draw"])},
        {"name": away, "price": float(PRICES["away"])},
    ]
    return {
        "id": uuid.uuid4().hex,
        "sport_key": sport,
        "commence_time": kickoff.isoformat().replace("+00:00", "Z"),
        "home_team": home,
        "away_team": away,
        "bookmakers": [
            {
                "key": "pinnacle",
                "title": "Pinnacle",
                "markets": [{"key": "h2h", "outcomes": outcomes}, {"key": "totals", "outcomes": totals}],
            }
        ],
    }


@dataclass(frozen=True)
class Tenant:
    partner_id: str
    key: str
    bankroll_id: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}


@dataclass(frozen=True)
class World:
    database_url: str
    fixtures: dict[str, str]  # competition code -> fixture id

    def tenant(self, amount: str = "100000.00", currency: str = "GBP") -> Tenant:
        return asyncio.run(_tenant(self.database_url, amount, currency))

    def sql(self, statement: str, **params: Any) -> list[Any]:
        return asyncio.run(_sql(self.database_url, statement, params))


async def _tenant(database_url: str, amount: str, currency: str) -> Tenant:
    engine = create_engine(database_url, pooled=False)
    use_cases = container_on(engine).use_cases()
    try:
        partner = await use_cases(CreatePartner).execute(CreatePartnerRequest(uuid.uuid4().hex))
        key = await use_cases(CreateApiKey).execute(CreateApiKeyRequest(Role.PARTNER, partner.partner_id))
        bankroll = await use_cases(OpenBankroll).execute(
            OpenBankrollRequest(partner.partner_id, "main", Decimal(amount), currency)
        )
    finally:
        await engine.dispose()
    return Tenant(partner.partner_id, key.key, bankroll.bankroll_id)


async def _sql(database_url: str, statement: str, params: dict[str, Any]) -> list[Any]:
    engine = create_engine(database_url, pooled=False)
    try:
        async with engine.begin() as connection:
            return list((await connection.execute(text(statement), params)).all())
    finally:
        await engine.dispose()


async def _ingest(database_url: str, folder: Path) -> dict[str, str]:
    locator = folder / "odds.json"
    locator.write_text(json.dumps([_event(*match) for match in MATCHES.values()]))
    engine = create_engine(database_url, pooled=False)
    try:
        ingesting = container_on(engine, plugin_host=PluginHost(entry_point_group=None)).use_cases()(
            IngestSource
        )
        await ingesting.execute(IngestRequest("odds-api", str(locator)))
        async with engine.connect() as connection:
            rows = await connection.execute(text("SELECT competition, id::text FROM fixtures"))
            return {str(competition): str(fixture) for competition, fixture in rows.all()}
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
def world(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> World:
    fixtures = asyncio.run(_ingest(database_url, tmp_path_factory.mktemp("odds")))
    assert set(fixtures) == set(MATCHES), fixtures
    return World(database_url, fixtures)


@pytest.fixture(scope="module")
def api(world: World) -> Iterator[httpx.Client]:
    # tickets are placed with the paper bookmaker; its limit must not reject the large stakes the limits need
    env = {"STAKEWISE_PAPER_LIMITS": "*=1000000"}
    with (
        api_servers(world.database_url, count=1, env=env) as [url],
        httpx.Client(base_url=url, timeout=60) as client,
    ):
        yield client


def customer(api: httpx.Client, tenant: Tenant, jurisdiction: str, **fields: Any) -> str:
    body = {"jurisdiction": jurisdiction, "date_of_birth": "1985-03-02", "identity_verified": True, **fields}
    response = api.post("/v1/customers", json=body, headers=tenant.headers)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def ticket(
    api: httpx.Client,
    world: World,
    tenant: Tenant,
    customer_id: str,
    stake: str = "10.00",
    *,
    competition: str = "E0",
    selection: str = "home",
    market: str = "1x2",
    in_play: bool = False,
    line: str | None = None,
) -> httpx.Response:
    """A one-leg ticket at the stored price; `in_play` bets on the fixture that kicked off (the server derives
    in-play from the fixture, never from the body)."""
    competition = LIVE if in_play else competition
    leg = {
        "fixture": world.fixtures[competition],
        "competition": competition,
        "market": market,
        "selection": selection,
        "bookmaker": "pinnacle",
        "odds": PRICES.get(selection, "1.95"),
    }
    if line is not None:
        leg["line"] = line
    body = {"customer_id": customer_id, "bankroll_id": tenant.bankroll_id, "stake": stake, "legs": [leg]}
    return api.post("/v1/tickets", json=body, headers={**tenant.headers, "Idempotency-Key": uuid.uuid4().hex})


def deposit(
    api: httpx.Client, tenant: Tenant, customer_id: str, amount: str, key: str | None = None
) -> httpx.Response:
    headers = {**tenant.headers, **({"Idempotency-Key": key} if key else {})}
    return api.post(
        f"/v1/customers/{customer_id}/payments", json={"kind": "deposit", "amount": amount}, headers=headers
    )


def denied_by(response: httpx.Response) -> set[str]:
    """The rules of a policy-denied answer (which must carry its decision id)."""
    assert response.status_code == 422, response.text
    problem = response.json()
    assert problem["type"].endswith("/policy-denied"), problem
    assert problem["decision_id"], problem
    return {reason["rule"] for reason in problem["reasons"]}


def refused_by(response: httpx.Response) -> str:
    """The rule of a bankroll risk refusal."""
    assert response.status_code == 422, response.text
    problem = response.json()
    assert problem["type"].endswith("/rule-violation"), problem
    return str(problem["rule"])


# --- customer state set after registration reaches the policy ------------------------------------------


def test_a_cool_off_set_by_patch_refuses_tickets_until_it_ends(api: httpx.Client, world: World) -> None:
    tenant = world.tenant()
    c = customer(api, tenant, "GB")
    until = (datetime.now(UTC) + timedelta(days=1)).replace(microsecond=0)
    changed = api.patch(
        f"/v1/customers/{c}", json={"cool_off_until": until.isoformat()}, headers=tenant.headers
    )
    assert changed.status_code == 200, changed.text
    assert datetime.fromisoformat(changed.json()["cool_off_until"]) == until
    assert denied_by(ticket(api, world, tenant, c)) == {"cool_off.active"}
    [(payload,)] = world.sql(
        "SELECT payload FROM audit_log WHERE kind = 'customer.changed' AND ref IS NULL "
        "AND payload->>'customer_id' = :c",
        c=c,
    )
    assert payload["changes"]["cool_off_until"]["old"] is None
    assert datetime.fromisoformat(payload["changes"]["cool_off_until"]["new"]) == until
    assert payload["by_key"] == tenant.key.split("_")[1]
    assert payload["at"]
    ended_early = api.patch(f"/v1/customers/{c}", json={"cool_off_until": None}, headers=tenant.headers)
    assert denied_by(ended_early) == {"changes.time_out_shortened"}
    assert api.get(f"/v1/customers/{c}", headers=tenant.headers).json()["cool_off_until"] is not None
    brief = customer(api, tenant, "GB")
    soon = datetime.now(UTC) + timedelta(seconds=2)
    assert (
        api.patch(
            f"/v1/customers/{brief}", json={"cool_off_until": soon.isoformat()}, headers=tenant.headers
        ).status_code
        == 200
    )
    assert denied_by(ticket(api, world, tenant, brief)) == {"cool_off.active"}
    time.sleep(max(0.0, (soon - datetime.now(UTC)).total_seconds()) + 0.5)
    assert ticket(api, world, tenant, brief).status_code == 201, "the cool-off has ended"


def test_a_running_self_exclusion_cannot_be_lifted_but_may_be_extended(
    api: httpx.Client, world: World
) -> None:
    tenant = world.tenant()
    c = customer(api, tenant, "GB")
    until = datetime.now(UTC).date() + timedelta(days=200)
    assert (
        api.patch(
            f"/v1/customers/{c}", json={"self_excluded_until": until.isoformat()}, headers=tenant.headers
        ).status_code
        == 200
    )
    lifted = api.patch(f"/v1/customers/{c}", json={"self_excluded_until": None}, headers=tenant.headers)
    assert denied_by(lifted) == {"changes.self_exclusion_shortened"}
    [(allow, document)] = world.sql(
        "SELECT allow, input FROM policy_decisions WHERE id = :d", d=lifted.json()["decision_id"]
    )
    assert allow is False
    assert document["change"]["self_excluded_until"] == {
        "old": until.isoformat(),
        "new": None,
    }
    longer = (until + timedelta(days=365)).isoformat()
    extended = api.patch(f"/v1/customers/{c}", json={"self_excluded_until": longer}, headers=tenant.headers)
    assert extended.status_code == 200
    assert extended.json()["self_excluded_until"] == longer


def test_a_self_exclusion_set_later_refuses_tickets(api: httpx.Client, world: World) -> None:
    tenant = world.tenant()
    c = customer(api, tenant, "GB")
    next_year = (datetime.now(UTC).date() + timedelta(days=365)).isoformat()
    assert (
        api.patch(
            f"/v1/customers/{c}", json={"self_excluded_until": next_year}, headers=tenant.headers
        ).status_code
        == 200
    )
    assert denied_by(ticket(api, world, tenant, c)) == {"eligibility.self_excluded"}


def test_identity_and_age_are_judged_from_the_customer(api: httpx.Client, world: World) -> None:
    tenant = world.tenant()
    unverified = customer(api, tenant, "GB", identity_verified=False)
    assert denied_by(ticket(api, world, tenant, unverified)) == {"eligibility.identity_unverified"}
    verified = api.patch(
        f"/v1/customers/{unverified}", json={"identity_verified": True}, headers=tenant.headers
    )
    assert verified.status_code == 200
    assert verified.json()["identity_verified"] is True
    assert ticket(api, world, tenant, unverified).status_code == 201
    minor = customer(
        api, tenant, "GB", date_of_birth=(datetime.now(UTC).date() - timedelta(days=17 * 365)).isoformat()
    )
    assert denied_by(ticket(api, world, tenant, minor)) == {"eligibility.minimum_age"}


def test_patch_is_for_the_owner_partner_and_needs_a_field(api: httpx.Client, world: World) -> None:
    tenant, other = world.tenant(), world.tenant()
    c = customer(api, tenant, "GB")
    assert (
        api.patch(f"/v1/customers/{c}", json={"identity_verified": False}, headers=other.headers).status_code
        == 404
    )
    assert api.patch(f"/v1/customers/{c}", json={}, headers=tenant.headers).status_code == 422
    assert api.patch(f"/v1/customers/{c}", json={"nickname": "x"}, headers=tenant.headers).status_code == 400


@pytest.mark.parametrize(
    "until", ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "2262-04-12T00:00:00+00:00"]
)
def test_a_cool_off_the_policies_cannot_compare_is_refused_and_nothing_changes(
    api: httpx.Client, world: World, until: str
) -> None:
    """An instant outside 1900-2200 is refused naming the field; the customer keeps working (found by
    schemathesis: a year-9999 time-out was stored, and every later decision on the customer failed closed)."""
    tenant = world.tenant()
    c = customer(api, tenant, "GB")
    refused = api.patch(f"/v1/customers/{c}", json={"cool_off_until": until}, headers=tenant.headers)
    assert refused.status_code == 422, refused.text
    assert refused.json()["type"].endswith("/invalid-input"), refused.text
    assert "cool_off_until" in refused.json()["detail"], refused.text
    assert "between 1900-01-01 and 2200-01-01" in refused.json()["detail"], refused.text
    assert api.get(f"/v1/customers/{c}", headers=tenant.headers).json()["cool_off_until"] is None
    assert deposit(api, tenant, c, "10.50").status_code == 201


# --- events from the competition catalogue ------------------------------------------------------------


def test_a_youth_fixture_is_refused_in_ontario(api: httpx.Client, world: World) -> None:
    tenant = world.tenant(currency="CAD")
    c = customer(api, tenant, "CA-ON")
    assert denied_by(ticket(api, world, tenant, c, competition="YON")) == {"markets.minors_event"}
    assert ticket(api, world, tenant, c, competition="E0").status_code == 201


def test_a_new_jersey_college_fixture_is_refused_in_new_jersey_only(api: httpx.Client, world: World) -> None:
    tenant = world.tenant(currency="USD")
    c = customer(api, tenant, "US-NJ")
    assert denied_by(ticket(api, world, tenant, c, competition="NJC")) == {"markets.local_college_team"}
    elsewhere = world.tenant()
    assert ticket(api, world, elsewhere, customer(api, elsewhere, "GB"), competition="NJC").status_code == 201


def test_the_catalogue_facts_are_in_the_recorded_decision(api: httpx.Client, world: World) -> None:
    tenant = world.tenant(currency="CAD")
    problem = ticket(api, world, tenant, customer(api, tenant, "CA-ON"), competition="YON").json()
    [(document,)] = world.sql("SELECT input FROM policy_decisions WHERE id = :d", d=problem["decision_id"])
    [leg] = document["tickets"][0]["legs"]
    assert leg["involves_minors"] is True
    assert leg["college_team_regions"] == []


# --- markets, in-play and limits ----------------------------------------------------------------------


def test_banned_markets_and_in_play_rules_are_reached(api: httpx.Client, world: World) -> None:
    tenant = world.tenant(currency="EUR")
    de = customer(api, tenant, "DE")
    # the data's banned markets (player cards, penalties) are not in the catalogue: refused before the policy
    assert (
        refused_by(ticket(api, world, tenant, de, market="player_cards", selection="over"))
        == "UnknownSelection"
    )
    in_play_totals = ticket(
        api, world, tenant, de, market="totals", selection="over", in_play=True, line="2.5"
    )
    assert denied_by(in_play_totals) == {"in_play.market_not_allowed"}
    australia = world.tenant(currency="AUD")
    au = customer(api, australia, "AU")
    assert denied_by(ticket(api, world, australia, au, in_play=True)) == {"in_play.banned"}


def test_stake_limits_are_reached_from_recorded_stakes(api: httpx.Client, world: World) -> None:
    tenant = world.tenant(currency="CAD")
    on = customer(api, tenant, "CA-ON")
    assert denied_by(ticket(api, world, tenant, on, "5000.01")) == {"limits.max_stake_per_ticket"}
    assert ticket(api, world, tenant, on, "5000.00").status_code == 201
    assert ticket(api, world, tenant, on, "5000.00", selection="draw").status_code == 201
    assert denied_by(ticket(api, world, tenant, on, "0.01", selection="away")) == {"limits.stake_24h"}


def test_a_loss_limit_is_reached_from_settled_losses(api: httpx.Client, world: World) -> None:
    tenant = world.tenant(currency="SEK")
    se = customer(api, tenant, "SE")
    issued = ticket(api, world, tenant, se, "20000.00", selection="away")
    assert issued.status_code == 201, issued.text
    settle_lost(world, issued.json()["id"])
    assert denied_by(ticket(api, world, tenant, se, "1.00")) == {"limits.loss_30d"}


# --- deposits decided by the policy -------------------------------------------------------------------


def test_a_self_excluded_customers_deposit_is_refused_and_the_decision_stored(
    api: httpx.Client, world: World
) -> None:
    tenant = world.tenant()
    c = customer(api, tenant, "GB")
    next_year = (datetime.now(UTC).date() + timedelta(days=365)).isoformat()
    api.patch(f"/v1/customers/{c}", json={"self_excluded_until": next_year}, headers=tenant.headers)
    refused = deposit(api, tenant, c, "10.00")
    assert denied_by(refused) == {"eligibility.self_excluded"}
    [(allow, document)] = world.sql(
        "SELECT allow, input FROM policy_decisions WHERE id = :d", d=refused.json()["decision_id"]
    )
    assert allow is False
    assert document["deposit"] == {"amount": 10}
    assert world.sql("SELECT * FROM customer_transactions WHERE customer_id = :c", c=c) == []


def test_a_german_deposit_over_the_monthly_limit_is_refused(api: httpx.Client, world: World) -> None:
    tenant = world.tenant(currency="EUR")
    c = customer(api, tenant, "DE")
    allowed = deposit(api, tenant, c, "950.00")
    assert allowed.status_code == 201, allowed.text
    assert allowed.json()["decision_id"], allowed.text
    assert denied_by(deposit(api, tenant, c, "60.00")) == {"limits.deposit_30d"}
    assert deposit(api, tenant, c, "50.00").status_code == 201
    es = world.tenant(currency="EUR")
    spain = customer(api, es, "ES")
    assert denied_by(deposit(api, es, spain, "600.01")) == {"limits.deposit_24h"}
    assert deposit(api, es, spain, "600.00").status_code == 201


def test_a_raised_deposit_limit_waits_for_the_jurisdictions_delay(api: httpx.Client, world: World) -> None:
    tenant = world.tenant()
    c = customer(api, tenant, "GB")
    lowered = api.patch(
        f"/v1/customers/{c}", json={"deposit_limits": {"30d": "100.00"}}, headers=tenant.headers
    )
    assert lowered.status_code == 200
    assert lowered.json()["deposit_limits"]["30d"]["value"] == "100.00"
    assert deposit(api, tenant, c, "80.00").status_code == 201
    assert denied_by(deposit(api, tenant, c, "20.01")) == {"limits.customer_deposit_30d"}
    raised = api.patch(
        f"/v1/customers/{c}", json={"deposit_limits": {"30d": "500.00"}}, headers=tenant.headers
    )
    assert raised.json()["deposit_limits"]["30d"] == {
        "value": "500.00",
        "previous": "100.00",
        "changed_at": raised.json()["deposit_limits"]["30d"]["changed_at"],
    }
    refused = deposit(api, tenant, c, "50.00")
    assert denied_by(refused) == {"limits.customer_deposit_30d"}, "GB: a raise applies after 24 hours"
    assert "deposit_limit_increase_delay_hours = 24" in {r["figure"] for r in refused.json()["reasons"]}


def test_a_retried_deposit_records_once(api: httpx.Client, world: World) -> None:
    tenant = world.tenant()
    c = customer(api, tenant, "GB")
    first, again = (deposit(api, tenant, c, "10.00", key="dep-1") for _ in range(2))
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert len(world.sql("SELECT * FROM customer_transactions WHERE customer_id = :c", c=c)) == 1
    reused = deposit(api, tenant, c, "11.00", key="dep-1")
    assert reused.status_code == 422
    assert reused.json()["type"].endswith("/idempotency-key-reused")


def test_a_retried_registration_registers_once(api: httpx.Client, world: World) -> None:
    tenant = world.tenant()
    body = {"jurisdiction": "GB", "date_of_birth": "1985-03-02", "identity_verified": True}
    headers = {**tenant.headers, "Idempotency-Key": "register-1"}
    first, again = (api.post("/v1/customers", json=body, headers=headers) for _ in range(2))
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert len(world.sql("SELECT * FROM customers WHERE partner_id = :p", p=tenant.partner_id)) == 1


# --- bankroll risk rules ------------------------------------------------------------------------------


def test_a_second_ticket_past_the_fixture_exposure_cap_is_refused(api: httpx.Client, world: World) -> None:
    tenant = world.tenant("1000.00")
    c = customer(api, tenant, "GB")
    changed = api.put(f"/v1/bankrolls/{tenant.bankroll_id}/risk", json={"max_exposure_per_fixture": "30.00"},
                      headers=tenant.headers)  # fmt: skip
    assert changed.status_code == 200
    assert changed.json()["risk"]["max_exposure_per_fixture"] == "30.00"
    shown = api.get(f"/v1/bankrolls/{tenant.bankroll_id}", headers=tenant.headers).json()
    assert shown["risk"]["max_exposure_per_fixture"] == "30.00"
    assert shown["risk"]["stop_loss"] is None
    assert ticket(api, world, tenant, c, "20.00", selection="home").status_code == 201
    second = ticket(api, world, tenant, c, "20.00", selection="away")
    assert refused_by(second) == "MaxExposurePerFixture"
    assert "above the limit 30.00" in second.json()["detail"]
    [(entry,)] = world.sql(
        "SELECT payload FROM audit_log WHERE kind = 'bankroll.risk_changed' AND payload->>'bankroll_id' = :b",
        b=tenant.bankroll_id,
    )
    assert entry["old"]["max_exposure_per_fixture"] is None
    assert entry["new"]["max_exposure_per_fixture"] == "30.00"


def test_a_bankroll_past_its_stop_loss_refuses_new_tickets(api: httpx.Client, world: World) -> None:
    tenant = world.tenant("1000.00")
    c = customer(api, tenant, "GB")
    lost = ticket(api, world, tenant, c, "50.00", selection="away")
    assert lost.status_code == 201
    settle_lost(world, lost.json()["id"])
    put = api.put(
        f"/v1/bankrolls/{tenant.bankroll_id}/risk", json={"stop_loss": "40.00"}, headers=tenant.headers
    )
    assert put.status_code == 200
    assert refused_by(ticket(api, world, tenant, c)) == "StopLoss"
    lifted = api.put(
        f"/v1/bankrolls/{tenant.bankroll_id}/risk", json={"stop_loss": None}, headers=tenant.headers
    )
    assert lifted.json()["risk"]["stop_loss"] is None
    assert ticket(api, world, tenant, c).status_code == 201


def test_drawdown_combined_odds_and_potential_return_rules(api: httpx.Client, world: World) -> None:
    tenant = world.tenant("1000.00")
    c = customer(api, tenant, "GB")
    rules = {"max_combined_odds": "3.00", "max_potential_return": "100.00", "max_drawdown": "0.04"}
    assert (
        api.put(f"/v1/bankrolls/{tenant.bankroll_id}/risk", json=rules, headers=tenant.headers).status_code
        == 200
    )
    assert refused_by(ticket(api, world, tenant, c, "1.00", selection="draw")) == "MaxCombinedOdds"
    assert refused_by(ticket(api, world, tenant, c, "50.00")) == "MaxPotentialReturn"
    lost = ticket(api, world, tenant, c, "45.00")
    assert lost.status_code == 201
    settle_lost(world, lost.json()["id"])
    assert refused_by(ticket(api, world, tenant, c, "1.00")) == "MaxDrawdown"


def test_risk_rules_are_changed_by_their_owner_and_checked(api: httpx.Client, world: World) -> None:
    tenant, other = world.tenant(), world.tenant()
    path = f"/v1/bankrolls/{tenant.bankroll_id}/risk"
    assert api.put(path, json={"stop_loss": "10.00"}, headers=other.headers).status_code == 404
    assert api.put(path, json={"max_drawdown": "1.5"}, headers=tenant.headers).status_code == 400
    assert api.put(path, json={"max_exposure_per_day": "0"}, headers=tenant.headers).status_code == 422
    assert api.put(path, json={"max_exposure_per_week": "10"}, headers=tenant.headers).status_code == 400


def settle_lost(world: World, ticket_id: str) -> None:
    """Settle a ticket on the E0 fixture as lost by its home-win legs' standards: the away side wins 0-1...
    unless the ticket backed the away side, then the home side wins 1-0."""

    async def run() -> None:
        engine = create_engine(world.database_url, pooled=False)
        try:
            [(selection,)] = await _rows(
                engine, "SELECT selection FROM ticket_legs WHERE ticket_id = :t", t=ticket_id
            )
            home, away = (1, 0) if selection == "away" else (0, 1)
            await _result(engine, world.fixtures["E0"], home, away)
            settler = container_on(engine).use_cases()(SettleTicket)
            settled = await settler.execute(SettleTicketRequest(ticket_id, KICKOFF + timedelta(days=1)))
            assert settled.payout == Decimal(0)
        finally:
            await engine.dispose()

    asyncio.run(run())


async def _result(engine: Any, fixture: str, home: int, away: int) -> None:
    """The fixture's final score, replacing the one of an earlier settlement in this module."""
    async with engine.begin() as connection:
        await connection.execute(text("DELETE FROM results WHERE fixture_id = :f"), {"f": fixture})
        batch = await connection.execute(text("SELECT batch_id FROM fixtures WHERE id = :f"), {"f": fixture})
        await connection.execute(
            text(
                "INSERT INTO results (fixture_id, home_goals, away_goals, batch_id) VALUES (:f, :h, :a, :b)"
            ),
            {"f": fixture, "h": home, "a": away, "b": batch.scalar_one()},
        )


async def _rows(engine: Any, statement: str, **params: Any) -> list[Any]:
    async with engine.connect() as connection:
        return list((await connection.execute(text(statement), params)).all())


# --- quotes (and so the pipeline, which quotes before it issues) take the rules as hard constraints ----


MODEL = (("home", "2.10", 0.55), ("draw", "3.40", 0.2), ("away", "3.60", 0.25))  # an edge on the home sides


def quote(api: httpx.Client, world: World, tenant: Tenant, customer_id: str) -> httpx.Response:
    proposals = [
        {"fixture": world.fixtures[code], "competition": code, "market": "1x2", "selection": selection,
         "bookmaker": "pinnacle", "odds": odds, "probability": probability}
        for code in ("E0", "NJC")
        for selection, odds, probability in MODEL
    ]  # fmt: skip
    body = {
        "customer_id": customer_id,
        "bankroll_id": tenant.bankroll_id,
        "proposals": proposals,
        "max_legs": 2,
    }
    return api.post("/v1/tickets/quotes", json=body, headers=tenant.headers)


def test_a_quote_keeps_the_bankrolls_exposure_odds_and_return_caps(api: httpx.Client, world: World) -> None:
    tenant = world.tenant("1000.00")
    c = customer(api, tenant, "GB")
    free = quote(api, world, tenant, c)
    assert free.status_code == 200, free.text
    assert free.json()["tickets"], free.text
    assert any(Decimal(t["stake"]) > Decimal("12.00") for t in free.json()["tickets"]), "the caps below bite"
    rules = {
        "max_exposure_per_fixture": "12.00",
        "max_combined_odds": "4.00",
        "max_potential_return": "30.00",
    }
    assert (
        api.put(f"/v1/bankrolls/{tenant.bankroll_id}/risk", json=rules, headers=tenant.headers).status_code
        == 200
    )
    capped = quote(api, world, tenant, c)
    assert capped.status_code == 200, capped.text
    exposure: dict[str, Decimal] = {}
    for quoted in capped.json()["tickets"]:
        stake, odds = Decimal(quoted["stake"]), Decimal(quoted["odds"])
        assert odds <= Decimal("4.00")
        assert stake * odds <= Decimal("30.00")
        for leg in quoted["legs"]:
            exposure[leg["fixture"]] = exposure.get(leg["fixture"], Decimal(0)) + stake
    assert exposure
    assert max(exposure.values()) <= Decimal("12.00")


def test_a_quote_for_a_bankroll_past_its_stop_loss_is_refused(api: httpx.Client, world: World) -> None:
    tenant = world.tenant("1000.00")
    c = customer(api, tenant, "GB")
    lost = ticket(api, world, tenant, c, "50.00", selection="away")
    settle_lost(world, lost.json()["id"])
    api.put(f"/v1/bankrolls/{tenant.bankroll_id}/risk", json={"stop_loss": "40.00"}, headers=tenant.headers)
    assert refused_by(quote(api, world, tenant, c)) == "StopLoss"


def test_a_bankroll_in_another_currency_than_the_customers_figures_is_refused(
    api: httpx.Client, world: World
) -> None:
    tenant = world.tenant(currency="EUR")
    assert denied_by(ticket(api, world, tenant, customer(api, tenant, "GB"))) == {"currency.mismatch"}
    assert ticket(api, world, tenant, customer(api, tenant, "DE")).status_code == 201


def test_an_auditor_key_bound_to_a_partner_reads_that_partners_data_only(
    api: httpx.Client, world: World
) -> None:
    tenant, other = world.tenant(), world.tenant()
    mine, theirs = customer(api, tenant, "GB"), customer(api, other, "GB")
    assert deposit(api, tenant, mine, "10.00").status_code == 201
    assert deposit(api, other, theirs, "10.00").status_code == 201
    auditor = {
        "Authorization": f"Bearer {asyncio.run(_key(world.database_url, Role.AUDITOR, tenant.partner_id))}"
    }
    decisions = api.get("/v1/policy-decisions", headers=auditor, params={"limit": 200}).json()["items"]
    assert {d["input"]["customer"]["partner_id"] for d in decisions} == {tenant.partner_id}
    assert api.get(f"/v1/customers/{theirs}", headers=auditor).status_code == 404
    assert api.get(f"/v1/customers/{mine}", headers=auditor).status_code == 200
    assert api.get(f"/v1/bankrolls/{other.bankroll_id}", headers=auditor).status_code == 404


async def _key(database_url: str, role: Role, partner_id: str | None) -> str:
    engine = create_engine(database_url, pooled=False)
    try:
        created = (
            await container_on(engine)
            .use_cases()(CreateApiKey)
            .execute(CreateApiKeyRequest(role, partner_id))
        )
        return created.key
    finally:
        await engine.dispose()
