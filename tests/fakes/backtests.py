"""Stored backtests in memory for tests; it passes the same contract as the PostgreSQL store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from application.errors import Conflict
from application.ports.backtest_store import ALREADY_STORED, StoredBacktest

if TYPE_CHECKING:
    from collections.abc import Sequence


class InMemoryBacktestStore:
    def __init__(self) -> None:
        self._runs: dict[str, StoredBacktest] = {}

    async def save(self, backtest: StoredBacktest) -> None:
        if backtest.backtest_id in self._runs:
            raise Conflict(ALREADY_STORED, f"backtest {backtest.backtest_id} is already stored")
        self._runs[backtest.backtest_id] = backtest

    async def get(self, backtest_id: str) -> StoredBacktest | None:
        return self._runs.get(backtest_id)

    async def for_league(self, league: str) -> Sequence[StoredBacktest]:
        found = [run for run in self._runs.values() if league in run.leagues]
        return sorted(found, key=lambda run: (-run.created_at.timestamp(), run.backtest_id))
