"""Quotes over real HTTP on two worker processes, each solving in its own pool of solver processes: eight
concurrent quotes answer the portfolio one quote alone answers; beyond the bounded queue a quote is refused
at once with 429 and Retry-After, never left to time out."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx

from tests.integration.servers import api_servers
from tests.integration.test_api_acceptance import Tenant, _customer, _tenant
from tests.portfolio_builders import priced_market


def quote_body(customer: str, tenant: Tenant) -> dict[str, Any]:
    """50 priced proposals of 17 fixtures' 1X2 markets, as a partner sends them."""
    proposals = [
        {"fixture": s.fixture, "competition": s.competition, "market": "1x2", "selection": s.selection,
         "bookmaker": s.bookmaker, "odds": str(s.odds.decimal), "probability": s.probability}
        for s in priced_market(17, 7, bookmakers=("pin",))[:50]
    ]  # fmt: skip
    return {"customer_id": customer, "bankroll_id": tenant.bankroll_id, "proposals": proposals}


def portfolio(answer: dict[str, Any]) -> list[Any]:
    return [(t["stake"], t["odds"], [(leg["fixture"], leg["selection"]) for leg in t["legs"]])
            for t in answer["tickets"]]  # fmt: skip


async def _ask(url: str, tenant: Tenant, concurrent: int) -> tuple[list[Any], list[httpx.Response]]:
    async with httpx.AsyncClient(base_url=url, timeout=60, headers=tenant.headers) as client:
        body = quote_body(await _customer(client, tenant), tenant)
        alone = await client.post("/v1/tickets/quotes", json=body)
        assert alone.status_code == 200, alone.text
        answers = await asyncio.gather(
            *(client.post("/v1/tickets/quotes", json=body) for _ in range(concurrent))
        )
        return portfolio(alone.json()), list(answers)


def test_eight_concurrent_quotes_on_two_workers_answer_the_portfolio_of_one_alone(
    fresh_database_url: str,
) -> None:
    tenant = asyncio.run(_tenant(fresh_database_url, "concurrent quotes"))
    env = {"STAKEWISE_API_QUOTE_PROCESSES": "2", "STAKEWISE_API_QUOTE_QUEUE": "8"}
    with api_servers(fresh_database_url, count=1, workers=2, env=env) as urls:
        alone, answers = asyncio.run(_ask(urls[0], tenant, 8))
    assert alone, "the quote stakes something"
    assert [a.status_code for a in answers] == [200] * 8, [a.text for a in answers if a.status_code != 200]
    differing = [a.json() for a in answers if portfolio(a.json()) != alone]
    assert not differing, [{k: v for k, v in d.items() if k != "tickets"} for d in differing]


def test_beyond_the_queue_a_quote_is_refused_at_once_with_429_and_retry_after(
    fresh_database_url: str,
) -> None:
    tenant = asyncio.run(_tenant(fresh_database_url, "overloaded quotes"))
    env = {"STAKEWISE_API_QUOTE_PROCESSES": "1", "STAKEWISE_API_QUOTE_QUEUE": "0"}
    with api_servers(fresh_database_url, count=1, workers=2, env=env) as urls:
        started = time.monotonic()
        alone, answers = asyncio.run(_ask(urls[0], tenant, 16))
        elapsed = time.monotonic() - started
    statuses = sorted({a.status_code for a in answers})
    assert statuses == [200, 429], statuses
    refused = [a for a in answers if a.status_code == 429]
    problem = refused[0].json()
    assert refused[0].headers["content-type"].startswith("application/problem+json")
    assert problem["type"].endswith("/overloaded")
    assert problem["component"] == "optimizer"
    assert all(int(a.headers["retry-after"]) >= 1 for a in refused)
    assert all(portfolio(a.json()) == alone for a in answers if a.status_code == 200)
    assert elapsed < 60
