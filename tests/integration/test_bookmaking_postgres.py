"""The paper bookmaker's ports on PostgreSQL keep the contract of tests/contract/bookmaking_contract.py."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

from adapters.persistence.bookmaking import (
    PostgresBookmakerLimits,
    PostgresCurrentPrices,
    PostgresPaperOrderLog,
)
from adapters.persistence.engine import create_engine
from adapters.persistence.pipeline.unit_of_work import SqlIngestionUnitOfWork
from application.pipeline.records import Market, OddsQuote, Selection
from tests.contract.bookmaking_contract import BOOKMAKING_CONTRACT, BookmakingCheck
from tests.contract.pipeline_contract import seed

if TYPE_CHECKING:
    from datetime import datetime

    from application.ports.current_prices import PriceKey


class PostgresHarness:
    def __init__(self, database_url: str) -> None:
        self.engine = create_engine(database_url, pooled=False)
        self.prices = PostgresCurrentPrices(self.engine)
        self.orders = PostgresPaperOrderLog(self.engine)
        self.limits = PostgresBookmakerLimits(self.engine)
        self._batch: uuid.UUID | None = None

    async def fixture(self) -> str:
        seeded = await seed(SqlIngestionUnitOfWork(self.engine))
        self._batch = seeded.batch.batch_id
        return str(seeded.fixture.fixture_id)

    async def quote(self, key: PriceKey, price: str, at: datetime, closing: bool = False) -> None:
        assert self._batch is not None
        row = OddsQuote(uuid.UUID(key.fixture_id), Market(key.market), key.line,
                        Selection(key.selection), key.bookmaker, Decimal(price), at, closing,
                        self._batch)  # fmt: skip
        uow = SqlIngestionUnitOfWork(self.engine)
        async with uow:
            await uow.odds.upsert([row])
            await uow.commit()


@pytest.mark.parametrize("check", BOOKMAKING_CONTRACT, ids=lambda check: check.__name__)
async def test_postgres_bookmaking_ports(check: BookmakingCheck, fresh_database_url: str) -> None:
    harness = PostgresHarness(fresh_database_url)
    try:
        await check(harness)
    finally:
        await harness.engine.dispose()
