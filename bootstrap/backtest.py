"""The backtest commands' use cases, wired to files (`--data PATH`) or to the database.

A backtest needs no database unless it stores its run (`--store`) or reads matches from the silver tables;
the optimiser (Pyomo + HiGHS) is loaded only when a backtest runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from adapters.files.match_history import SourceMatchHistory
from adapters.persistence.backtests import PostgresBacktestStore
from adapters.persistence.match_history import PostgresMatchHistory
from application.use_cases.optimize_portfolio import OptimizePortfolio
from application.use_cases.run_backtest import BacktestRequest, FinishBacktest, RunBacktest, RunSeasonBacktest
from bootstrap.optimizer import portfolio_optimizer

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from sqlalchemy.ext.asyncio import AsyncEngine

    from adapters.temporal.backtest_runner import TemporalBacktest
    from application.ports.clock import Clock
    from application.ports.match_history import MatchHistory
    from application.ports.progress import Progress
    from plugins.manager import PluginHost

FILE_SOURCE = "football-data"


class BacktestServiceFactory:
    def __init__(
        self,
        engine: Callable[[], AsyncEngine],
        plugins: PluginHost,
        clock: Clock,
        temporal: Callable[[], TemporalBacktest] | None = None,
    ) -> None:
        self._engine, self._plugins, self._clock = engine, plugins, clock
        self._temporal = temporal

    def season_backtest(self, data: str | None, progress: Progress | None = None) -> RunSeasonBacktest:
        return RunSeasonBacktest(
            self.history(data),
            self._plugins.strategy_catalogue(),
            self._plugins.model_catalogue(),
            OptimizePortfolio(portfolio_optimizer()),
            progress,
        )

    def run_backtest(self, data: str | None, progress: Progress, store: bool) -> RunBacktest:
        return RunBacktest(
            self.season_backtest(data, progress),
            self._plugins.strategy_catalogue(),
            self._clock,
            self.backtest_store() if store else None,
        )

    def backtest_store(self) -> PostgresBacktestStore:
        return PostgresBacktestStore(self._engine())

    def distributed_backtest(self) -> DistributedBacktest:
        if self._temporal is None:
            raise RuntimeError("no Temporal connection is configured for distributed backtests")
        return DistributedBacktest(self._temporal(), self.finish_backtest)

    def finish_backtest(self, store: bool) -> FinishBacktest:
        strategies = self._plugins.strategy_catalogue()
        return FinishBacktest(strategies, self._clock, self.backtest_store() if store else None)

    def history(self, data: str | None) -> MatchHistory:
        if data:
            return SourceMatchHistory(self._plugins.data_source(FILE_SOURCE, self._clock), data)
        return PostgresMatchHistory(self._engine())


class DistributedBacktest:
    """The league-seasons on the Temporal workers, the figures (and the stored run) here."""

    def __init__(self, runner: TemporalBacktest, finish: Callable[[bool], FinishBacktest]) -> None:
        self._runner, self._finish = runner, finish

    async def run(self, request: BacktestRequest, data: str | None) -> Mapping[str, Any]:
        seasons = await self._runner.seasons(request, data)
        report = await self._finish(request.store).execute(request, seasons.runs)
        return {**report.document, "season_workers": seasons.workers}
