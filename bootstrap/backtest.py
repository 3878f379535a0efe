"""The backtest commands' use cases, wired to files (`--data PATH`) or to the database.

A backtest needs no database unless it stores its run (`--store`) or reads matches from the silver tables;
the optimiser (Pyomo + HiGHS) is loaded only when a backtest runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from application.use_cases.run_backtest import BacktestRequest, FinishBacktest, RunBacktest, RunSeasonBacktest
from bootstrap.match_files import file_history

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from adapters.temporal.backtest_runner import TemporalBacktest
    from application.ports.backtest_store import BacktestStore
    from application.ports.clock import Clock
    from application.ports.progress import Progress
    from bootstrap.use_cases import UseCases
    from plugins.manager import PluginHost


class BacktestServiceFactory:
    """The container's backtest use cases, given the command's data path (files), progress and store."""

    def __init__(
        self,
        use_cases: UseCases,
        store: Callable[[], BacktestStore],
        plugins: PluginHost,
        clock: Clock,
        temporal: Callable[[], TemporalBacktest] | None = None,
    ) -> None:
        self._use_cases, self._store, self._plugins, self._clock = use_cases, store, plugins, clock
        self._temporal = temporal

    def season_backtest(self, data: str | None, progress: Progress | None = None) -> RunSeasonBacktest:
        files = file_history(self._plugins, self._clock, data)
        return self._use_cases(RunSeasonBacktest, progress=progress, **files)

    def run_backtest(self, data: str | None, progress: Progress, store: bool) -> RunBacktest:
        return self._use_cases(
            RunBacktest, seasons=self.season_backtest(data, progress), finish=self.finish_backtest(store)
        )

    def backtest_store(self) -> BacktestStore:
        return self._store()

    def distributed_backtest(self) -> DistributedBacktest:
        if self._temporal is None:
            raise RuntimeError("no Temporal connection is configured for distributed backtests")
        return DistributedBacktest(self._temporal(), self.finish_backtest)

    def finish_backtest(self, store: bool) -> FinishBacktest:
        return self._use_cases(FinishBacktest, store=self.backtest_store() if store else None)


class DistributedBacktest:
    """The league-seasons on the Temporal workers, the figures (and the stored run) here."""

    def __init__(self, runner: TemporalBacktest, finish: Callable[[bool], FinishBacktest]) -> None:
        self._runner, self._finish = runner, finish

    async def run(self, request: BacktestRequest, data: str | None) -> Mapping[str, Any]:
        seasons = await self._runner.seasons(request, data)
        report = await self._finish(request.store).execute(request, seasons.runs)
        return {**report.document, "season_workers": seasons.workers}
