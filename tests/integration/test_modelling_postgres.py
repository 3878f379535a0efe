"""The PostgreSQL feature store and model registry pass the same contracts as the in-memory fakes."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.persistence.engine import create_engine
from adapters.persistence.feature_store import PostgresFeatureStore
from adapters.persistence.model_registry import PostgresModelRegistry
from adapters.persistence.schema.pipeline import competitions, fixtures, raw_batches, seasons, teams
from tests.contract.feature_store_contract import FEATURE_STORE_CONTRACT
from tests.contract.feature_store_contract import ContractCheck as FeatureStoreCheck
from tests.contract.model_registry_contract import MODEL_REGISTRY_CONTRACT
from tests.contract.model_registry_contract import ContractCheck as RegistryCheck


@pytest.fixture
async def fresh_engine(fresh_database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(fresh_database_url)
    try:
        yield engine
    finally:
        await engine.dispose()


async def _three_fixtures(engine: AsyncEngine) -> list[str]:
    batch, home, away = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    ids = [uuid.uuid4() for _ in range(3)]
    async with engine.begin() as connection:
        await connection.execute(
            insert(raw_batches).values(
                id=batch,
                source="test",
                locator="x",
                fetched_at=datetime(2024, 8, 1, tzinfo=UTC),
                sha256="0" * 64,
                size_bytes=0,
                payload=b"",
            )
        )
        await connection.execute(insert(competitions).values(code="E0", name="Premier League"))
        await connection.execute(insert(seasons).values(competition="E0", name="2024-2025"))
        await connection.execute(insert(teams), [{"id": home, "name": "Home"}, {"id": away, "name": "Away"}])
        await connection.execute(
            insert(fixtures),
            [
                _fixture(fixture, date(2024, 8, 17 + day), home, away, batch)
                for day, fixture in enumerate(ids)
            ],
        )
    return [str(fixture) for fixture in ids]


def _fixture(
    fixture: uuid.UUID, day: date, home: uuid.UUID, away: uuid.UUID, batch: uuid.UUID
) -> dict[str, object]:
    return {
        "id": fixture,
        "competition": "E0",
        "season": "2024-2025",
        "match_date": day,
        "home_team_id": home,
        "away_team_id": away,
        "kickoff_at": None,
        "batch_id": batch,
    }


@pytest.mark.parametrize("check", FEATURE_STORE_CONTRACT, ids=lambda check: check.__name__)
async def test_postgres_feature_store(check: FeatureStoreCheck, fresh_engine: AsyncEngine) -> None:
    await check(PostgresFeatureStore(fresh_engine), await _three_fixtures(fresh_engine))


@pytest.mark.parametrize("check", MODEL_REGISTRY_CONTRACT, ids=lambda check: check.__name__)
async def test_postgres_model_registry(check: RegistryCheck, fresh_engine: AsyncEngine) -> None:
    await check(PostgresModelRegistry(fresh_engine))
