"""The bulk paths of the PostgreSQL adapter: COPY for rows of unseen fixtures, upsert for the rest,
and all of it inside the unit of work's transaction."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from sqlalchemy.exc import IntegrityError

from adapters.persistence.engine import create_engine
from adapters.persistence.pipeline.unit_of_work import SqlIngestionUnitOfWork
from application.pipeline.records import Market, Selection
from tests.contract.pipeline_contract import T0, fixture_between, quote, seed

if TYPE_CHECKING:
    from collections.abc import AsyncIterator


@pytest.fixture
async def uow(fresh_database_url: str) -> AsyncIterator[SqlIngestionUnitOfWork]:
    engine = create_engine(fresh_database_url)
    yield SqlIngestionUnitOfWork(engine)
    await engine.dispose()


async def test_one_call_mixes_new_fixtures_changed_equal_and_new_quotes(uow: SqlIngestionUnitOfWork) -> None:
    seeded = await seed(uow)
    known, unseen = seeded.fixture, fixture_between(seeded.away, seeded.home, seeded.batch, date(2025, 2, 1))
    stored = [quote(known, Selection.HOME, "1.80"), quote(known, Selection.DRAW, "3.90")]
    async with uow:
        await uow.fixtures.upsert_fixtures([unseen])
        assert await uow.odds.upsert(stored) == 2
        await uow.commit()
    incoming = [
        quote(known, Selection.HOME, "1.80"),  # equal: not counted
        quote(known, Selection.DRAW, "3.75"),  # price changed
        quote(known, Selection.AWAY, "4.50"),  # new identity of a known fixture
        quote(unseen, Selection.HOME, "2.10"),  # a fixture with no quote yet: copied in
        quote(unseen, Selection.AWAY, "3.30"),
    ]
    async with uow:
        assert await uow.odds.upsert(incoming) == 4
        await uow.commit()
    async with uow:
        assert sorted(q.price for q in await uow.odds.for_fixtures([known.fixture_id])) == [
            Decimal("1.80"),
            Decimal("3.75"),
            Decimal("4.50"),
        ]
        assert await uow.odds.count() == 5


async def test_copied_rows_roll_back_with_a_failed_batch(uow: SqlIngestionUnitOfWork) -> None:
    seeded = await seed(uow)
    other = fixture_between(seeded.away, seeded.home, seeded.batch, date(2025, 3, 1))
    with pytest.raises(RuntimeError):  # noqa: PT012  raised inside the unit of work
        async with uow:
            await uow.fixtures.upsert_fixtures([other])
            await uow.odds.upsert([quote(other, s) for s in (Selection.HOME, Selection.DRAW, Selection.AWAY)])
            raise RuntimeError("the source failed after the odds were copied")
    async with uow:
        assert await uow.fixtures.count() == 1
        assert await uow.odds.count() == 0


async def test_an_invalid_price_fails_the_copy_and_leaves_nothing(uow: SqlIngestionUnitOfWork) -> None:
    seeded = await seed(uow)
    with pytest.raises(IntegrityError, match="price_above_one"):  # noqa: PT012  raised at commit
        async with uow:
            await uow.odds.upsert(
                [quote(seeded.fixture, Selection.HOME, "2.00"), quote(seeded.fixture, price="1")]
            )
            await uow.commit()
    async with uow:
        assert await uow.odds.count() == 0


async def test_a_fixture_moved_by_a_later_batch_keeps_its_quotes(uow: SqlIngestionUnitOfWork) -> None:
    seeded = await seed(uow)
    quotes = [quote(seeded.fixture, s, market=Market.MATCH_RESULT) for s in (Selection.HOME, Selection.AWAY)]
    async with uow:
        await uow.odds.upsert(quotes)
        moved = replace(seeded.fixture, kickoff=T0 + timedelta(hours=2))
        assert await uow.fixtures.upsert_fixtures([moved]) == 1
        await uow.commit()
    async with uow:
        assert await uow.fixtures.fixtures([seeded.fixture.fixture_id]) == [moved]
        assert len(await uow.odds.for_fixtures([seeded.fixture.fixture_id])) == 2
