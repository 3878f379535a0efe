"""`stakewise run` follows the stored backtests: a league whose every backtested strategy has a negative
mean CLV gets no ticket, and the report says which strategy was considered, why, and its figures."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from adapters.persistence.backtests import PostgresBacktestStore
from adapters.persistence.engine import create_engine
from application.ports.backtest_store import StoredBacktest
from tests.integration.workflows.test_pipeline_on_postgres import (
    EVE_OF_LAST_MATCHWEEK,
    LEAGUE,
    WORKFLOW_TIMEOUT,
    _environment,
    _stakewise,
)

if TYPE_CHECKING:
    from pathlib import Path


async def _store_losing_backtests(database_url: str) -> None:
    engine = create_engine(database_url, pooled=False)
    try:
        store = PostgresBacktestStore(engine)
        for number, (strategy, clv) in enumerate((("model-edge", -0.012), ("market-consensus", -0.003))):
            await store.save(StoredBacktest(
                backtest_id=f"bt-{strategy}", created_at=datetime(2026, 12, 1, number, tzinfo=UTC),
                leagues=("SYN",), first_season="2021-2022", last_season="2022-2023", strategy=strategy,
                staking="optimizer", bets=240, roi=-0.04, clv_mean=clv, clv_positive_share=0.46,
                document={"strategy_parameters": {}},
            ))  # fmt: skip
    finally:
        await engine.dispose()


def test_run_issues_nothing_in_a_league_whose_strategies_all_have_a_negative_clv(
    fresh_database_url: str, temporal_address: str, task_queue: str, tmp_path: Path
) -> None:
    asyncio.run(_store_losing_backtests(fresh_database_url))
    env = _environment(fresh_database_url, temporal_address, task_queue, tmp_path)
    as_of = EVE_OF_LAST_MATCHWEEK.isoformat()
    run = _stakewise("run", "--source", "synthetic", LEAGUE.locator, "--as-of", as_of, "--json", env=env)
    stdout, stderr = run.communicate(timeout=WORKFLOW_TIMEOUT)

    assert run.returncode == 0, stderr
    assert stdout.strip(), f"no report on standard output; standard error: {stderr[-3000:]}"
    report = json.loads(stdout)
    (choice,) = report["strategy"]
    assert choice["league"] == "SYN"
    assert choice["strategy"] is None
    assert "nothing is bet in SYN" in choice["reason"]
    assert "negative mean CLV" in choice["reason"]
    assert choice["backtest_id"] == "bt-market-consensus"
    assert choice["clv_mean"] == -0.003
    assert report["fixtures"] > 0, "the strategy step emptied the selections"
    assert report["selections"] == 0, "the strategy step emptied the selections"
    assert report["edges"] == 0
    assert report["summary"]["issued"] == 0
    assert report["tickets"] == []
