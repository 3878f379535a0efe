"""The contract every BacktestStore passes (in memory and on PostgreSQL)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import pytest

from application.errors import Conflict
from application.ports.backtest_store import BacktestStore, StoredBacktest

ContractCheck = Callable[[BacktestStore], Awaitable[None]]
START = datetime(2026, 12, 1, 12, tzinfo=UTC)


def stored(
    backtest_id: str, leagues: tuple[str, ...], minutes: int, clv: float | None = 0.012
) -> StoredBacktest:
    return StoredBacktest(
        backtest_id=backtest_id, created_at=START + timedelta(minutes=minutes), leagues=leagues,
        first_season="2015-2016", last_season="2024-2025", strategy="market-consensus", staking="optimizer",
        bets=321, roi=0.031, clv_mean=clv, clv_positive_share=0.6,
        document={"bets": 321, "by_season": [{"key": "2015-2016", "bets": 30}], "roi_ci": [-0.02, 0.08]},
    )  # fmt: skip


async def saved_runs_read_back_whole(store: BacktestStore) -> None:
    run = stored("bt-1", ("E0", "D1"), 0)
    await store.save(run)
    found = await store.get("bt-1")
    assert found == run
    assert await store.get("bt-unknown") is None


async def a_second_save_with_the_same_id_is_refused(store: BacktestStore) -> None:
    await store.save(stored("bt-1", ("E0",), 0))
    with pytest.raises(Conflict):
        await store.save(stored("bt-1", ("F1",), 5))
    found = await store.get("bt-1")
    assert found is not None
    assert found.leagues == ("E0",)


async def runs_of_a_league_come_newest_first(store: BacktestStore) -> None:
    await store.save(stored("bt-old", ("E0",), 0))
    await store.save(stored("bt-new", ("E0", "D1"), 10, clv=None))
    await store.save(stored("bt-other", ("F1",), 20))
    assert [run.backtest_id for run in await store.for_league("E0")] == ["bt-new", "bt-old"]
    assert [run.backtest_id for run in await store.for_league("D1")] == ["bt-new"]
    assert await store.for_league("SP1") == []


BACKTEST_STORE_CONTRACT: list[ContractCheck] = [
    saved_runs_read_back_whole,
    a_second_save_with_the_same_id_is_refused,
    runs_of_a_league_come_newest_first,
]
