"""A quote by fixture ids over real HTTP, on a real server process and a real PostgreSQL: a synthetic league
placed around today is ingested, a champion's predictions of every market are stored beside the price book,
and the quoted tickets issue as quoted (201)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from sqlalchemy import insert, text

from adapters.persistence.engine import create_engine
from adapters.persistence.predictions import PostgresPredictionStore
from adapters.persistence.schema.registry import models
from application.modelling.market_probabilities import market_probabilities
from application.ports.prediction_model import Forecast
from application.ports.prediction_store import PredictionRow
from application.use_cases.ingest_source import IngestRequest, IngestSource
from bootstrap.container import container_on
from domain.goal_matrix import dixon_coles_matrix
from domain.pricing import price_fixture, price_match_result
from plugins.manager import PluginHost
from tests.integration.servers import api_servers
from tests.integration.test_api_acceptance import Tenant, _customer, _tenant

if TYPE_CHECKING:
    from collections.abc import Iterator

MODEL = ("dixon-coles/SYN", 1)
# a champion that rates the home sides higher than the synthetic bookmakers do: some prices beat it
MATRIX = dixon_coles_matrix(1.9, 0.8, -0.05)


async def _seed(database_url: str) -> list[str]:
    """The league placed around today, a champion's predictions for its open fixtures; their ids."""
    engine = create_engine(database_url, pooled=False)
    try:
        plugins = PluginHost(entry_point_group=None)
        ingest = container_on(engine, plugin_host=plugins).use_cases()(IngestSource)
        await ingest.execute(IngestRequest("synthetic", "seasons=1,seed=5,teams=8,around=today"))
        async with engine.begin() as connection:
            await connection.execute(insert(models).values(name=MODEL[0], version=MODEL[1], stage="champion"))
            found = await connection.execute(text(
                "SELECT DISTINCT f.id FROM fixtures f JOIN odds_quotes q ON q.fixture_id = f.id "
                "WHERE f.kickoff_at > :now AND NOT EXISTS (SELECT 1 FROM results r WHERE r.fixture_id = f.id)"
            ), {"now": datetime.now(UTC)})  # fmt: skip
            open_fixtures = sorted(str(row.id) for row in found)
        result = price_match_result(MATRIX)
        forecast = Forecast("f", result.home, result.draw, 1 - result.home - result.draw, goal_matrix=MATRIX)
        rows = [
            PredictionRow(fixture, p.market, p.line, p.selection, p.probability)
            for fixture in open_fixtures
            for p in market_probabilities(forecast, price_fixture(MATRIX))
        ]
        await PostgresPredictionStore(engine).store_predictions(*MODEL, rows)
        return open_fixtures
    finally:
        await engine.dispose()


@pytest.fixture
def served(fresh_database_url: str) -> Iterator[tuple[str, Tenant, list[str]]]:
    fixtures = asyncio.run(_seed(fresh_database_url))
    tenant = asyncio.run(_tenant(fresh_database_url, "quoting partner"))
    with api_servers(fresh_database_url, count=1) as urls:
        yield urls[0], tenant, fixtures


async def _quote_and_issue(url: str, tenant: Tenant, fixtures: list[str]) -> tuple[dict[str, Any], list[Any]]:
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        customer = await _customer(client, tenant)
        asked = {
            "customer_id": customer,
            "bankroll_id": tenant.bankroll_id,
            "fixtures": fixtures,
            "max_legs": 2,
        }
        quote = await client.post("/v1/tickets/quotes", json=asked, headers=tenant.headers)
        assert quote.status_code == 200, quote.text
        issued = []
        for ticket in quote.json()["tickets"]:
            legs = [{key: value for key, value in leg.items() if value is not None} for leg in ticket["legs"]]
            body = {"customer_id": customer, "bankroll_id": tenant.bankroll_id, "stake": ticket["stake"],
                    "legs": legs}  # fmt: skip
            headers = {**tenant.headers, "Idempotency-Key": uuid.uuid4().hex}
            issued.append(await client.post("/v1/tickets", json=body, headers=headers))
        return quote.json(), issued


def test_a_quote_by_fixture_ids_returns_tickets_that_issue_as_quoted(
    served: tuple[str, Tenant, list[str]],
) -> None:
    url, tenant, fixtures = served
    assert fixtures, "the placed league has open, priced fixtures today"
    quote, issued = asyncio.run(_quote_and_issue(url, tenant, fixtures[:6]))
    assert quote["tickets"]
    assert quote["skipped_fixtures"] == []
    assert {leg["market"] for ticket in quote["tickets"] for leg in ticket["legs"]} <= {
        "1x2", "totals", "asian_handicap"
    }  # fmt: skip
    for ticket in quote["tickets"]:
        for leg in ticket["legs"]:
            assert leg["model_version"] == f"{MODEL[0]} v{MODEL[1]}"
            assert leg["fixture"] in fixtures
            assert leg["bookmaker"] in {"pinnacle", "bet365"}  # never a market aggregate
    for response, ticket in zip(issued, quote["tickets"], strict=True):
        assert response.status_code == 201, response.text
        stored = response.json()
        assert stored["stake"] == ticket["stake"]
        assert [
            (leg["market"], leg["selection"], leg["bookmaker"], leg["odds"]) for leg in stored["legs"]
        ] == [(leg["market"], leg["selection"], leg["bookmaker"], leg["odds"]) for leg in ticket["legs"]]
