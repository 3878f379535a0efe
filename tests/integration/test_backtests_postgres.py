"""Backtests on PostgreSQL: the store passes its contract, and `stakewise backtest --store` followed by
`stakewise report backtest ID --html FILE` renders the stored run (shared data, a few seasons of E0)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from adapters.cli.app import run
from adapters.persistence.backtests import PostgresBacktestStore
from adapters.persistence.engine import create_engine
from bootstrap.container import Container
from tests.contract.backtest_store_contract import BACKTEST_STORE_CONTRACT, ContractCheck

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "football-data"


@pytest.mark.parametrize("check", BACKTEST_STORE_CONTRACT, ids=lambda check: check.__name__)
async def test_postgres_backtest_store(check: ContractCheck, fresh_database_url: str) -> None:
    engine = create_engine(fresh_database_url, pooled=False)
    try:
        await check(PostgresBacktestStore(engine))
    finally:
        await engine.dispose()


def _shared_data() -> Path:
    if not SHARED.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but the shared football data is missing at {SHARED}")
        pytest.skip(f"the shared football data is not at {SHARED}")
    return SHARED


def _stakewise(*args: str) -> int:
    container = Container()
    try:
        return run(list(args), container)
    finally:
        container.shutdown_resources()


def test_a_stored_backtest_renders_later_by_its_id(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    fresh_database_url: str,
    tmp_path: Path,
) -> None:
    data = _shared_data()
    monkeypatch.setenv("STAKEWISE_DATABASE_URL", fresh_database_url)
    first = tmp_path / "first.html"
    code = _stakewise("backtest", "--league", "E0", "--seasons", "2023-2024:2024-2025", "--data", str(data),
                      "--staking", "kelly", "--store", "--json", "--html", str(first))  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0, captured.err
    document = json.loads(captured.out)
    assert {"bets", "staked", "profit", "roi", "roi_ci", "max_drawdown", "sharpe", "clv_mean",
            "clv_positive_share", "by_season"} <= set(document)  # fmt: skip
    assert [row["key"] for row in document["by_season"]] == ["2023-2024", "2024-2025"]
    assert document["bets"] > 20
    assert document["clv_mean"] > 0

    again = tmp_path / "again.html"
    assert _stakewise("report", "backtest", document["backtest_id"], "--html", str(again)) == 0
    assert again.read_text() == first.read_text()

    assert _stakewise("report", "backtest", "no-such-run", "--html", str(tmp_path / "x.html")) == 2
    assert "no stored backtest 'no-such-run'" in capsys.readouterr().err
