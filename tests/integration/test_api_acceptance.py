"""Acceptance of the partner API against real server processes and a real PostgreSQL.

Two separate server processes share one database, so only the database keeps concurrent requests apart.
"""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from sqlalchemy import func, select

from adapters.persistence.compliance_records import PostgresComplianceRecords
from adapters.persistence.derived_state import derived_state_differences
from adapters.persistence.engine import create_engine
from adapters.persistence.schema.betting import ledger_entries, tickets
from application.use_cases.create_api_key import CreateApiKey, CreateApiKeyRequest
from application.use_cases.create_partner import CreatePartner, CreatePartnerRequest
from application.use_cases.open_bankroll import OpenBankroll, OpenBankrollRequest
from bootstrap.container import container_on
from domain.access import Role
from domain.audit import first_broken_link
from tests.catalogue_builders import SeedFixture, fixture_id, match_result_book, seed_postgres
from tests.integration.servers import AUDIT_KEY, api_servers

if TYPE_CHECKING:
    from collections.abc import Iterator

BANKROLL = Decimal("100.00")


@dataclass(frozen=True)
class Tenant:
    partner_id: str
    key: str
    bankroll_id: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}


async def _tenant(database_url: str, name: str) -> Tenant:
    engine = create_engine(database_url, pooled=False)
    use_cases = container_on(engine).use_cases()
    try:
        partner = await use_cases(CreatePartner).execute(CreatePartnerRequest(name))
        key = await use_cases(CreateApiKey).execute(CreateApiKeyRequest(Role.PARTNER, partner.partner_id))
        bankroll = await use_cases(OpenBankroll).execute(
            OpenBankrollRequest(partner.partner_id, "main", BANKROLL, "GBP")
        )
    finally:
        await engine.dispose()
    return Tenant(partner.partner_id, key.key, bankroll.bankroll_id)


OFFERED = [SeedFixture(f"F{i}") for i in range(200)]  # the catalogue the tickets bind to


async def _offer(database_url: str) -> None:
    engine = create_engine(database_url, pooled=False)
    try:
        await seed_postgres(engine, OFFERED, [e for f in OFFERED for e in match_result_book(f.name)])
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
def servers(database_url: str) -> Iterator[list[str]]:
    asyncio.run(_offer(database_url))
    # issuing alone: a ticket the paper bookmaker rejected would give its stake back at once
    with api_servers(database_url, count=2, env={"STAKEWISE_API_PLACE_ON_ISSUE": "false"}) as urls:
        yield urls


async def _customer(client: httpx.AsyncClient, tenant: Tenant) -> str:
    body = {"jurisdiction": "GB", "date_of_birth": "1985-06-01", "identity_verified": True}
    response = await client.post("/v1/customers", json=body, headers=tenant.headers)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _ticket(customer: str, tenant: Tenant, stake: str, fixture: str) -> dict[str, Any]:
    leg = {
        "fixture": fixture_id(fixture),
        "competition": "EPL",
        "market": "1x2",
        "selection": "home",
        "bookmaker": "pinnacle",
        "odds": "2.05",
    }
    return {"customer_id": customer, "bankroll_id": tenant.bankroll_id, "stake": stake, "legs": [leg]}


async def test_200_concurrent_issues_over_two_servers_never_overspend(
    servers: list[str], database_url: str
) -> None:
    tenant = await _tenant(database_url, "overspend")
    ports = itertools.cycle(servers)
    limits = httpx.Limits(max_connections=200)
    async with httpx.AsyncClient(base_url=servers[0], timeout=60, limits=limits) as client:
        customer = await _customer(client, tenant)
        stakes = [f"{1 + (i % 4) * 0.25:.2f}" for i in range(200)]  # 1.00, 1.25, 1.50, 1.75
        responses = await asyncio.gather(
            *(
                client.post(
                    f"{next(ports)}/v1/tickets",
                    json=_ticket(customer, tenant, stake, f"F{i}"),
                    headers={**tenant.headers, "Idempotency-Key": f"overspend-{i}"},
                )
                for i, stake in enumerate(stakes)
            )
        )
    statuses = sorted({r.status_code for r in responses})
    assert set(statuses) <= {201, 422}, statuses
    accepted = [r.json() for r in responses if r.status_code == 201]
    refused = [r.json() for r in responses if r.status_code == 422]
    assert {problem["rule"] for problem in refused} == {"StakeWithinBankroll"}
    total = sum(Decimal(t["stake"]) for t in accepted)
    assert total <= BANKROLL
    assert total > BANKROLL - Decimal("1.75")  # nothing left that a stake could use
    ids = [t["id"] for t in accepted]
    engine = create_engine(database_url, pooled=False)
    try:
        async with engine.connect() as connection:
            reserved: dict[str, int] = dict(
                (
                    await connection.execute(
                        select(ledger_entries.c.reference, func.count())
                        .where(
                            ledger_entries.c.bankroll_id == tenant.bankroll_id,
                            ledger_entries.c.description == "stake reserved",
                        )
                        .group_by(ledger_entries.c.reference)
                    )
                ).all()
            )
            chain = await PostgresComplianceRecords(engine).audit_entries()
            figures = await derived_state_differences(connection, [tenant.bankroll_id], [customer])
            stored = (
                await connection.execute(
                    select(func.count(), func.sum(tickets.c.stake)).where(
                        tickets.c.bankroll_id == tenant.bankroll_id
                    )
                )
            ).one()
    finally:
        await engine.dispose()
    assert sorted(reserved) == sorted(ids)
    assert set(reserved.values()) == {2}  # one balanced posting each
    assert (stored[0], stored[1]) == (len(ids), total)
    assert (
        first_broken_link(chain, AUDIT_KEY.encode()) is None
    )  # concurrent issuing never forks the audit chain
    assert {e.ref for e in chain if e.kind == "policy.decision"} >= {t["decision_id"] for t in accepted}
    assert figures == []  # the running figures kept under contention equal those derived from the rows


async def test_a_repeated_idempotency_key_issues_one_ticket(servers: list[str], database_url: str) -> None:
    tenant = await _tenant(database_url, "idempotent")
    async with httpx.AsyncClient(timeout=60) as client:
        async with httpx.AsyncClient(base_url=servers[0]) as first:
            customer = await _customer(first, tenant)
        body = _ticket(customer, tenant, "5.00", "F1")
        headers = {**tenant.headers, "Idempotency-Key": "same-key"}
        responses = await asyncio.gather(
            *(client.post(f"{servers[i % 2]}/v1/tickets", json=body, headers=headers) for i in range(20))
        )
        assert sorted({r.status_code for r in responses}) in ([201], [200, 201])
        assert [r.status_code for r in responses].count(201) == 1
        assert len({r.json()["id"] for r in responses}) == 1
        other = await client.post(f"{servers[1]}/v1/tickets", json={**body, "stake": "6.00"}, headers=headers)
        assert other.status_code == 422
        assert other.json()["type"].endswith("/idempotency-key-reused")
        listed = await client.get(f"{servers[0]}/v1/tickets", headers=tenant.headers)
        assert len(listed.json()["items"]) == 1


async def test_a_partner_asking_for_another_partners_objects_gets_404(
    servers: list[str], database_url: str
) -> None:
    a, b = await _tenant(database_url, "partner a"), await _tenant(database_url, "partner b")
    async with httpx.AsyncClient(base_url=servers[0], timeout=60) as client:
        customer = await _customer(client, a)
        issued = await client.post(
            "/v1/tickets",
            json=_ticket(customer, a, "2.00", "F1"),
            headers={**a.headers, "Idempotency-Key": "x"},
        )
        ticket = issued.json()["id"]
        assert (await client.get(f"/v1/tickets/{ticket}", headers=a.headers)).status_code == 200
        for path in (
            f"/v1/tickets/{ticket}",
            f"/v1/customers/{customer}",
            f"/v1/bankrolls/{a.bankroll_id}",
            f"/v1/bankrolls/{a.bankroll_id}/ledger",
        ):
            response = await client.get(path, headers=b.headers)
            assert response.status_code == 404, path
            assert response.headers["content-type"].startswith("application/problem+json")
        assert (await client.get("/v1/tickets", headers=b.headers)).json()["items"] == []
        stolen = await client.post(
            "/v1/tickets",
            json=_ticket(customer, b, "2.00", "F2"),
            headers={**b.headers, "Idempotency-Key": "y"},
        )
        assert stolen.status_code == 404
