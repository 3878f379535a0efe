"""The backtest workflow on a real Temporal dev server: the league-seasons fan out over two season
workers and come back with exactly the bets the in-process backtest places."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from adapters.temporal.backtest_runner import TemporalBacktest
from adapters.temporal.client import connect
from adapters.temporal.connection import TemporalConnection
from adapters.temporal.worker import build_season_worker, build_worker
from application.backtest.engine import BacktestSettings, Staking
from application.use_cases.run_backtest import BacktestRequest, RunSeasonBacktest, SeasonBacktestRequest
from plugins.manager import PluginHost
from tests.backtest_builders import priced_league
from tests.fakes.container import memory_container, use_case
from tests.fakes.modelling import InMemoryMatchHistory
from workflows.backtest.activities import BacktestActivities, BacktestUseCases
from workflows.tuning import Tuning

if TYPE_CHECKING:
    from temporalio.client import Client

FAST = Tuning(retry_initial_seconds=0.1, retry_maximum_seconds=0.5)


def _season_backtest() -> RunSeasonBacktest:
    plugins = PluginHost(entry_point_group=None)
    history = InMemoryMatchHistory(
        [*priced_league(3, league="SYN"), *priced_league(3, seed=12, league="SYM")]
    )
    return use_case(memory_container(plugin_host=plugins, match_history=history), RunSeasonBacktest)


async def test_league_seasons_fan_out_over_the_workers_and_match_the_in_process_run(
    client: Client, temporal_address: str, task_queue: str
) -> None:
    use_case = _season_backtest()
    activities = BacktestActivities(BacktestUseCases(lambda data: use_case))
    request = BacktestRequest(
        ("SYN", "SYM"), "2016-2017", "2017-2018", settings=BacktestSettings(staking=Staking.KELLY)
    )
    connection = TemporalConnection(lambda: temporal_address, task_queue=task_queue)
    runner = TemporalBacktest(connection, activities.activities, activities.season_activities, False, FAST)

    async with contextlib.AsyncExitStack() as workers:
        await workers.enter_async_context(
            build_worker(client, activities.activities(), task_queue=task_queue)
        )
        for _ in range(2):  # two worker processes would each have a client of their own
            own = await connect(temporal_address)
            season_worker = build_season_worker(own, activities.season_activities(), task_queue=task_queue)
            await workers.enter_async_context(season_worker)
        distributed = await runner.seasons(request, None)

    assert sorted(distributed.workers) == ["SYM 2016-2017", "SYM 2017-2018", "SYN 2016-2017", "SYN 2017-2018"]
    by_unit = {(run.league, run.season): run for run in distributed.runs}
    for (league, season), run in by_unit.items():
        local = await use_case.execute(SeasonBacktestRequest(league, season, settings=request.settings))
        assert run == local
        assert run.bets
