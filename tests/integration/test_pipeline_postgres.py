"""The PostgreSQL ingestion unit of work passes the same contract as the in-memory fake."""

from __future__ import annotations

import pytest

from adapters.persistence.engine import create_engine
from adapters.persistence.pipeline.unit_of_work import NotInUnitOfWork, SqlIngestionUnitOfWork
from tests.contract.pipeline_contract import PIPELINE_CONTRACT, ContractCheck


@pytest.mark.parametrize("check", PIPELINE_CONTRACT, ids=lambda check: check.__name__)
async def test_postgres_unit_of_work(check: ContractCheck, fresh_database_url: str) -> None:
    engine = create_engine(fresh_database_url)
    try:
        await check(SqlIngestionUnitOfWork(engine))
    finally:
        await engine.dispose()


async def test_repositories_refuse_to_work_outside_the_block(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        with pytest.raises(NotInUnitOfWork):
            await SqlIngestionUnitOfWork(engine).odds.count()
    finally:
        await engine.dispose()
