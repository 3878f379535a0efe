"""API keys: a key bound to a partner reads that partner only, whatever its role; a revocation applies to
the next request; a key may expire."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from litestar.testing import TestClient

from adapters.http.app import create_app
from adapters.http.settings import ApiSettings
from application.ports.market_data import DecisionView
from application.use_cases.create_api_key import CreateApiKey, CreateApiKeyRequest
from application.use_cases.open_bankroll import OpenBankroll, OpenBankrollRequest
from domain.access import Partner, Role
from domain.errors import DomainError
from tests.fakes.container import InMemoryAdapters, memory_container, use_case

if TYPE_CHECKING:
    from collections.abc import Iterator

    from bootstrap.container import Container


class Keys:
    def __init__(self, adapters: InMemoryAdapters, container: Container) -> None:
        self.adapters, self.container = adapters, container
        asyncio.run(self._partners())

    async def _partners(self) -> None:
        clock = self.adapters.clock
        for partner in ("pA", "pB"):
            await self.adapters.access.add_partner(Partner(partner, partner, clock.now()))
            await use_case(self.container, OpenBankroll).execute(
                OpenBankrollRequest(partner, "main", Decimal("100.00"))
            )

    def create(
        self, role: Role, partner: str | None = None, expires_in: timedelta | None = None
    ) -> dict[str, str]:
        clock = self.adapters.clock
        expires = None if expires_in is None else clock.now() + expires_in
        request = CreateApiKeyRequest(role, partner, expires)
        created = asyncio.run(use_case(self.container, CreateApiKey).execute(request))
        return {"Authorization": f"Bearer {created.key}"}


@pytest.fixture
def setup() -> Iterator[tuple[TestClient[Any], Keys]]:
    adapters = InMemoryAdapters()
    container = memory_container(adapters)
    keys = Keys(adapters, container)
    with TestClient(
        create_app(container.api_services(), ApiSettings(rate_limit_per_second=1000, rate_limit_burst=1000))
    ) as client:
        yield client, keys


def partners_seen(client: TestClient[Any], headers: dict[str, str]) -> set[str]:
    """The ids of the bankrolls the key lists."""
    response = client.get("/v1/bankrolls", headers=headers)
    assert response.status_code == 200, response.text
    return {b["id"] for b in response.json()["items"]}


def test_an_auditor_or_admin_key_bound_to_a_partner_reads_that_partner_only(
    setup: tuple[TestClient[Any], Keys],
) -> None:
    client, keys = setup
    state = keys.adapters.database.state
    by_partner = {b.partner_id: b.bankroll_id for b in state.bankrolls.values()}
    for role in (Role.AUDITOR, Role.ADMIN):
        bound = keys.create(role, "pA")
        assert partners_seen(client, bound) == {by_partner["pA"]}
        assert client.get(f"/v1/bankrolls/{by_partner['pB']}", headers=bound).status_code == 404
        assert client.get(f"/v1/bankrolls/{by_partner['pA']}", headers=bound).status_code == 200
    assert partners_seen(client, keys.create(Role.AUDITOR)) == set(by_partner.values())


def test_a_revoked_key_fails_on_the_next_request(setup: tuple[TestClient[Any], Keys]) -> None:
    client, keys = setup
    headers = keys.create(Role.PARTNER, "pA")
    assert client.get("/v1/me", headers=headers).status_code == 200
    key_id = headers["Authorization"].split("_")[1]
    asyncio.run(keys.adapters.access.revoke_key(key_id, keys.adapters.clock.now()))
    assert client.get("/v1/me", headers=headers).status_code == 401


def test_an_expired_key_fails(setup: tuple[TestClient[Any], Keys]) -> None:
    client, keys = setup
    headers = keys.create(Role.PARTNER, "pA", expires_in=timedelta(milliseconds=5))
    for _ in range(10):
        keys.adapters.clock.now()
    response = client.get("/v1/me", headers=headers)
    assert response.status_code == 401
    assert response.json()["type"].endswith("/unauthenticated")
    lasting = keys.create(Role.PARTNER, "pA", expires_in=timedelta(days=1))
    assert client.get("/v1/me", headers=lasting).status_code == 200


def test_an_expiry_in_the_past_is_refused(setup: tuple[TestClient[Any], Keys]) -> None:
    _, keys = setup
    with pytest.raises(DomainError, match="not in the future"):
        keys.create(Role.PARTNER, "pA", expires_in=timedelta(seconds=-1))


def test_a_bound_auditor_reads_only_the_decisions_about_its_partners_customers(
    setup: tuple[TestClient[Any], Keys],
) -> None:
    client, keys = setup
    at = keys.adapters.clock.now()
    for decision_id, partner in (("dA", "pA"), ("dB", "pB"), ("dOld", None)):
        customer = {
            "id": f"c-{decision_id}",
            "jurisdiction": "GB",
            **({"partner_id": partner} if partner else {}),
        }
        keys.adapters.market.decision_rows.append(
            DecisionView(decision_id, at, "GB", True, [], "h", {"customer": customer}, {"allow": True})
        )
    bound, unbound = keys.create(Role.AUDITOR, "pA"), keys.create(Role.AUDITOR)
    listed = client.get("/v1/policy-decisions", headers=bound).json()["items"]
    assert [d["id"] for d in listed] == ["dA"]
    assert client.get("/v1/policy-decisions/dB", headers=bound).status_code == 404
    assert client.get("/v1/policy-decisions/dA", headers=bound).status_code == 200
    everything = client.get("/v1/policy-decisions", headers=unbound).json()["items"]
    assert {d["id"] for d in everything} == {"dA", "dB", "dOld"}
