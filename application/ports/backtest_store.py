"""Port: stored backtests (the `backtests` table), read back for reports and for the live pipeline's choice
of strategy."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

ALREADY_STORED = "backtest-already-stored"  # the Conflict reason of a second save with the same id


@dataclass(frozen=True, slots=True)
class StoredBacktest:
    """One backtest run: what was asked, its headline figures and the whole report document (JSON)."""

    backtest_id: str
    created_at: datetime
    leagues: tuple[str, ...]
    first_season: str
    last_season: str
    strategy: str
    staking: str
    bets: int
    roi: float | None
    clv_mean: float | None
    clv_positive_share: float | None
    document: Mapping[str, Any]


class BacktestStore(Protocol):
    async def save(self, backtest: StoredBacktest) -> None:
        """Store a new run; a run with the same id is an error (nothing is overwritten)."""
        ...

    async def get(self, backtest_id: str) -> StoredBacktest | None: ...

    async def for_league(self, league: str) -> Sequence[StoredBacktest]:
        """Every stored run that covers the league, newest first."""
        ...
