"""Rate limits shared by the workers, and database time-outs answered 503, over real HTTP.

Two separate server processes share one database, as the workers of `stakewise serve --workers 2` do:
whatever they agree on, they agree on through PostgreSQL.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from typing import TYPE_CHECKING

import httpx
import pytest
from sqlalchemy import func, select, text

from adapters.persistence.engine import create_engine
from adapters.persistence.schema.betting import tickets
from tests.integration.servers import api_servers
from tests.integration.test_api_acceptance import _customer, _offer, _tenant, _ticket

if TYPE_CHECKING:
    from collections.abc import Iterator

KEY_LIMIT = 10  # per window of 1,000 s: a window boundary falls inside a test almost never
FAILURE_LIMIT, FAILURE_WINDOW = 5, 4.0
LOCK_TIMEOUT = 0.5


@pytest.fixture(scope="module")
def servers(database_url: str) -> Iterator[list[str]]:
    asyncio.run(_offer(database_url))
    env = {
        "STAKEWISE_API_PLACE_ON_ISSUE": "false",
        "STAKEWISE_API_RATE_LIMIT": str(KEY_LIMIT / 1000),
        "STAKEWISE_API_RATE_BURST": str(KEY_LIMIT),
        "STAKEWISE_API_AUTH_FAILURE_LIMIT": str(FAILURE_LIMIT),
        "STAKEWISE_API_AUTH_FAILURE_WINDOW_SECONDS": str(FAILURE_WINDOW),
        "STAKEWISE_DATABASE_LOCK_TIMEOUT_SECONDS": str(LOCK_TIMEOUT),
    }
    with api_servers(database_url, count=2, env=env) as urls:
        yield urls


async def test_one_key_gets_its_limit_in_total_over_both_servers(
    servers: list[str], database_url: str
) -> None:
    tenant = await _tenant(database_url, "limited")
    ports = itertools.cycle(servers)
    async with httpx.AsyncClient(timeout=30) as client:
        responses = await asyncio.gather(
            *(client.get(f"{next(ports)}/v1/me", headers=tenant.headers) for _ in range(3 * KEY_LIMIT))
        )
        ping = await client.get(f"{servers[0]}/v1/ping")
    accepted = [r for r in responses if r.status_code == 200]
    limited = [r for r in responses if r.status_code == 429]
    assert len(accepted) == KEY_LIMIT
    assert len(limited) == 2 * KEY_LIMIT  # one count, not one per server
    # both servers answered: per-server counts would have accepted KEY_LIMIT on each (which of them took the
    # first requests depends on scheduling, so the accepted ones may all be one server's)
    assert {r.url.port for r in responses} == {int(url.rsplit(":", 1)[1]) for url in servers}
    remaining = sorted(int(r.headers["ratelimit-remaining"]) for r in accepted)
    assert remaining == list(range(KEY_LIMIT))
    assert {r.headers["ratelimit-limit"] for r in accepted} == {str(KEY_LIMIT)}
    assert all(0 < int(r.headers["ratelimit-reset"]) <= 1000 for r in accepted)
    assert accepted[0].headers["ratelimit-policy"] == f"{KEY_LIMIT};w=1000"
    problem = limited[0].json()
    assert problem["type"].endswith("/rate-limited")
    assert limited[0].headers["content-type"].startswith("application/problem+json")
    assert int(limited[0].headers["retry-after"]) >= 1
    assert limited[0].headers["ratelimit-remaining"] == "0"
    assert ping.status_code == 200
    assert "ratelimit-limit" not in ping.headers  # public: not limited


async def test_failed_authentications_from_one_address_are_limited(
    servers: list[str], database_url: str
) -> None:
    tenant = await _tenant(database_url, "victim")
    ports = itertools.cycle(servers)
    wrong = {"Authorization": "Bearer sw_nokey_notasecret"}
    async with httpx.AsyncClient(timeout=30) as client:
        while True:  # until blocked with at least 2 s of the window left
            statuses = []
            for _ in range(2 * FAILURE_LIMIT + 1):
                response = await client.get(f"{next(ports)}/v1/me", headers=wrong)
                statuses.append(response.status_code)
                if response.status_code == 429:
                    break
            assert statuses[-1] == 429
            assert FAILURE_LIMIT <= statuses.count(401) <= 2 * FAILURE_LIMIT
            if int(response.headers["retry-after"]) >= 2:
                break
            await asyncio.sleep(int(response.headers["retry-after"]))
        assert response.json()["type"].endswith("/authentication-rate-limited")
        right_key = [await client.get(f"{url}/v1/me", headers=tenant.headers) for url in servers]
        assert [r.status_code for r in right_key] == [429, 429]  # a right guess learns nothing
        await asyncio.sleep(int(response.headers["retry-after"]) + 0.2)
        assert (await client.get(f"{servers[1]}/v1/me", headers=tenant.headers)).status_code == 200


async def test_a_locked_bankroll_answers_503_and_nothing_is_stored(
    servers: list[str], database_url: str
) -> None:
    tenant = await _tenant(database_url, "locked")
    engine = create_engine(database_url, pooled=False)
    async with httpx.AsyncClient(base_url=servers[0], timeout=30) as client:
        customer = await _customer(client, tenant)
        body = _ticket(customer, tenant, "1.00", "F7")
        headers = {**tenant.headers, "Idempotency-Key": "locked-1"}
        try:
            async with engine.connect() as holder:
                await holder.execute(
                    text("SELECT 1 FROM bankrolls WHERE id = :id FOR UPDATE"), {"id": tenant.bankroll_id}
                )
                started = time.monotonic()
                blocked = await client.post("/v1/tickets", json=body, headers=headers)
                waited = time.monotonic() - started
                await holder.rollback()
            async with engine.connect() as connection:
                stored = await connection.scalar(
                    select(func.count()).where(tickets.c.bankroll_id == tenant.bankroll_id)
                )
        finally:
            await engine.dispose()
        retried = await client.post("/v1/tickets", json=body, headers=headers)
    assert blocked.status_code == 503, blocked.text
    problem = blocked.json()
    assert problem["component"] == "database"
    assert problem["detail"] == "database: lock wait timed out"
    assert blocked.headers["content-type"].startswith("application/problem+json")
    assert LOCK_TIMEOUT <= waited < LOCK_TIMEOUT + 5
    assert stored == 0
    assert retried.status_code == 201, retried.text  # the Idempotency-Key was freed


async def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_failure_limit(
    database_url: str,
) -> None:
    """The proxy's X-Forwarded-For names the client: one client's failed keys do not block the others
    behind the same proxy, and what a client writes left of the proxy's entry is ignored."""
    tenant = await _tenant(database_url, "behind a proxy")
    env = {
        "STAKEWISE_API_AUTH_FAILURE_LIMIT": str(FAILURE_LIMIT),
        "STAKEWISE_API_AUTH_FAILURE_WINDOW_SECONDS": "60",
        "STAKEWISE_API_TRUSTED_PROXIES": "127.0.0.1, 10.9.0.0/16",
    }
    wrong = {"Authorization": "Bearer sw_nokey_notasecret"}

    def via(client: str) -> dict[str, str]:
        return {"X-Forwarded-For": client}

    with api_servers(database_url, count=1, env=env) as [url]:
        async with httpx.AsyncClient(base_url=url, timeout=30) as client:
            statuses = [
                (await client.get("/v1/me", headers={**wrong, **via("203.0.113.7")})).status_code
                for _ in range(FAILURE_LIMIT + 1)
            ]
            assert statuses == [401] * FAILURE_LIMIT + [429]
            blocked = await client.get("/v1/me", headers={**tenant.headers, **via("203.0.113.7")})
            spoofed = via("198.51.100.9, 203.0.113.7, 10.9.4.4")  # the client wrote the first entry
            still_blocked = await client.get("/v1/me", headers={**tenant.headers, **spoofed})
            neighbour = await client.get("/v1/me", headers={**tenant.headers, **via("203.0.113.8")})
            claims_another = await client.get(
                "/v1/me", headers={**tenant.headers, **via("203.0.113.8, 203.0.113.7")}
            )
    assert blocked.status_code == 429
    assert still_blocked.status_code == 429, "the proxy chain's right-most untrusted entry is the client"
    assert neighbour.status_code == 200, "another client behind the same proxy is not blocked"
    assert claims_another.status_code == 429, "a client cannot name itself someone else"
