"""Stored backtests on PostgreSQL (table `backtests`): one row per run, never updated."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from adapters.persistence.errors import translated
from adapters.persistence.schema.backtests import backtests
from application.errors import Conflict
from application.ports.backtest_store import ALREADY_STORED, StoredBacktest

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.ext.asyncio import AsyncEngine


class PostgresBacktestStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def save(self, backtest: StoredBacktest) -> None:
        row = {
            "backtest_id": backtest.backtest_id, "created_at": backtest.created_at,
            "leagues": list(backtest.leagues), "first_season": backtest.first_season,
            "last_season": backtest.last_season, "strategy": backtest.strategy, "staking": backtest.staking,
            "bets": backtest.bets, "roi": backtest.roi, "clv_mean": backtest.clv_mean,
            "clv_positive_share": backtest.clv_positive_share, "document": dict(backtest.document),
        }  # fmt: skip
        try:
            async with translated(), self._engine.begin() as connection:
                await connection.execute(insert(backtests).values(**row))
        except IntegrityError as error:
            message = f"backtest {backtest.backtest_id} is already stored"
            raise Conflict(ALREADY_STORED, message) from error

    async def get(self, backtest_id: str) -> StoredBacktest | None:
        query = select(backtests).where(backtests.c.backtest_id == backtest_id)
        async with translated(), self._engine.connect() as connection:
            row = (await connection.execute(query)).first()
        return None if row is None else _stored(row)

    async def for_league(self, league: str) -> Sequence[StoredBacktest]:
        query = (
            select(backtests)
            .where(backtests.c.leagues.contains([league]))
            .order_by(backtests.c.created_at.desc(), backtests.c.backtest_id)
        )
        async with translated(), self._engine.connect() as connection:
            return [_stored(row) for row in (await connection.execute(query)).all()]


def _stored(row: Any) -> StoredBacktest:
    return StoredBacktest(
        backtest_id=row.backtest_id, created_at=row.created_at, leagues=tuple(row.leagues),
        first_season=row.first_season, last_season=row.last_season, strategy=row.strategy,
        staking=row.staking, bets=row.bets, roi=row.roi, clv_mean=row.clv_mean,
        clv_positive_share=row.clv_positive_share, document=row.document,
    )  # fmt: skip
