"""Infrastructure failures answer 503 problem+json naming the component, and nothing is issued."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import httpx
import pytest
from sqlalchemy import func, select

from adapters.persistence.engine import create_engine
from adapters.persistence.schema.betting import tickets
from tests.integration.servers import api_servers, free_port
from tests.integration.test_api_acceptance import _customer, _offer, _tenant, _ticket

if TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture(scope="module")
def without_policy_engine(database_url: str) -> Iterator[str]:
    unreachable_opa = f"http://127.0.0.1:{free_port()}"
    asyncio.run(_offer(database_url))  # the catalogue offers F0 ... F199
    with api_servers(
        database_url, count=1, env={"STAKEWISE_OPA_URL": unreachable_opa, "STAKEWISE_POLICY_TIMEOUT": "0.5"}
    ) as urls:
        yield urls[0]


async def test_without_a_policy_engine_issuing_fails_closed_with_503(
    without_policy_engine: str, database_url: str
) -> None:
    tenant = await _tenant(database_url, "no policy engine")
    async with httpx.AsyncClient(base_url=without_policy_engine, timeout=30) as client:
        customer = await _customer(client, tenant)
        response = await client.post(
            "/v1/tickets",
            json=_ticket(customer, tenant, "5.00", "F1"),
            headers={**tenant.headers, "Idempotency-Key": "k"},
        )
        ready = await client.get("/health/ready")
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["type"].endswith("/service-unavailable")
    assert problem["component"] == "policy engine"
    assert problem["detail"] == "policy engine unavailable"
    assert ready.status_code == 503
    assert ready.json()["components"]["database"] == "ok"
    engine = create_engine(database_url, pooled=False)
    try:
        async with engine.connect() as connection:
            stored = await connection.scalar(
                select(func.count()).where(tickets.c.bankroll_id == tenant.bankroll_id)
            )
    finally:
        await engine.dispose()
    assert stored == 0


def test_without_the_database_requests_get_503_and_the_process_stays_up() -> None:
    dead_database = f"postgresql://postgres@127.0.0.1:{free_port()}/stakewise"
    with api_servers(dead_database, count=1) as urls:
        key = "Bearer sw_aaaaaaaaaaaaaaaa_" + "a" * 43
        with httpx.Client(base_url=urls[0], timeout=30) as client:
            me = client.get("/v1/me", headers={"Authorization": key})
            ready = client.get("/health/ready")
            ping = client.get("/v1/ping")
    assert me.status_code == 503
    assert me.json()["component"] == "database"
    assert "Traceback" not in me.text
    assert ready.status_code == 503
    assert ready.json()["components"]["database"].startswith("unavailable")
    assert ping.status_code == 200
