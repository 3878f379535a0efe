"""The PostgreSQL feature store and model registry pass the same contracts as the in-memory fakes."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import insert, text

from adapters.files.audit_anchor import FileAuditAnchor
from adapters.persistence.engine import create_engine
from adapters.persistence.feature_store import PostgresFeatureStore
from adapters.persistence.model_registry import PostgresModelRegistry
from adapters.persistence.schema.pipeline import competitions, fixtures, raw_batches, seasons, teams
from tests.contract.feature_store_contract import FEATURE_STORE_CONTRACT
from tests.contract.feature_store_contract import ContractCheck as FeatureStoreCheck
from tests.contract.model_registry_contract import AT, MODEL_REGISTRY_CONTRACT, NAME, decision, version
from tests.contract.model_registry_contract import ContractCheck as RegistryCheck

if TYPE_CHECKING:
    from collections.abc import AsyncIterator
    from pathlib import Path

    from sqlalchemy.ext.asyncio import AsyncEngine


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


async def test_every_model_decision_is_chained_in_the_audit_log(
    fresh_engine: AsyncEngine, tmp_path: Path
) -> None:
    anchor = FileAuditAnchor(tmp_path / "audit")
    registry = PostgresModelRegistry(fresh_engine, anchor)
    for artefact in (b"1", b"2"):
        await registry.register(version(artefact), AT)
    await registry.record_decision(decision(1, None, promoted=True))
    await registry.record_decision(decision(2, 1, promoted=False))
    async with fresh_engine.connect() as connection:
        rows = (
            await connection.execute(text("SELECT seq, kind, ref, payload, hash FROM audit_log ORDER BY seq"))
        ).all()
    assert [(kind, ref, payload["promoted"]) for _, kind, ref, payload, _ in rows] == [
        ("model.decision", f"{NAME} v1", True),
        ("model.decision", f"{NAME} v2", False),
    ]
    head = anchor.head()
    assert head is not None
    assert (head.seq, head.hash) == (rows[-1][0], rows[-1][4])
