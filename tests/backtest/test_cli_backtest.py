"""`stakewise backtest` on the real command line and container, with a synthetic league in memory."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pytest
from dependency_injector import providers

from adapters.cli.app import run
from application.use_cases.optimize_portfolio import OptimizePortfolio
from application.use_cases.run_backtest import RunBacktest, RunSeasonBacktest
from bootstrap.container import Container
from bootstrap.optimizer import portfolio_optimizer
from plugins.manager import PluginHost
from tests.backtest_builders import priced_league
from tests.fakes.backtests import InMemoryBacktestStore
from tests.fakes.modelling import InMemoryMatchHistory

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from adapters.cli.backtest import DistributedBacktest
    from application.ports.progress import Progress


class FixedClock:
    def now(self) -> datetime:
        return datetime(2026, 12, 2, 12, tzinfo=UTC)


class InMemoryBacktestServices:
    def __init__(self) -> None:
        self.plugins = PluginHost(entry_point_group=None)
        self.history = InMemoryMatchHistory([*priced_league(3, league="SYN"), *priced_league(3, 12, "SYM")])
        self.store = InMemoryBacktestStore()

    def run_backtest(self, data: str | None, progress: Progress, store: bool) -> RunBacktest:
        seasons = RunSeasonBacktest(self.history, self.plugins.strategy_catalogue(),
                                    self.plugins.model_catalogue(), OptimizePortfolio(portfolio_optimizer()),
                                    progress)  # fmt: skip
        return RunBacktest(
            seasons, self.plugins.strategy_catalogue(), FixedClock(), self.store if store else None
        )

    def distributed_backtest(self) -> DistributedBacktest:
        raise AssertionError("one league, or --in-process, never goes to Temporal")

    def backtest_store(self) -> InMemoryBacktestStore:
        return self.store


@pytest.fixture
def services() -> InMemoryBacktestServices:
    return InMemoryBacktestServices()


@pytest.fixture
def container(services: InMemoryBacktestServices) -> Iterator[Container]:
    container = Container()
    container.backtest_services.override(providers.Object(services))
    yield container
    container.backtest_services.reset_override()


def _json(capsys: pytest.CaptureFixture[str], args: list[str], container: Container) -> Any:
    assert run(args, container) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def test_backtest_json_holds_the_figures_and_store_then_report_renders_it(
    capsys: pytest.CaptureFixture[str], container: Container, tmp_path: Path
) -> None:
    args = ["backtest", "--league", "SYN,SYM", "--seasons", "2016-2017:2017-2018", "--staking", "kelly",
            "--in-process", "--store", "--json"]  # fmt: skip
    document = _json(capsys, args, container)
    asked = {"bets", "staked", "profit", "roi", "roi_ci", "max_drawdown", "sharpe", "clv_mean",
             "clv_positive_share", "by_season", "by_league", "by_market", "by_edge"}  # fmt: skip
    assert asked <= set(document)
    assert "bet_list" not in document
    assert [row["key"] for row in document["by_league"]] == ["SYM", "SYN"]
    assert sum(row["bets"] for row in document["by_season"]) == document["bets"] > 0
    page = tmp_path / "stored.html"
    assert _json(capsys, ["report", "backtest", document["backtest_id"], "--html", str(page), "--json"],
                 container) == {"backtest_id": document["backtest_id"], "html": str(page)}  # fmt: skip
    assert f"<dd>{document['bets']}</dd>" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--seasons", "2030-2031:2031-2032"], "no season between 2030-2031 and 2031-2032"),
        (["--seasons", "2016-2017:2016-2017", "--strategy", "martingale"], "unknown strategy 'martingale'"),
        (["--seasons", "2016-2017:2016-2017", "--param", "edge=1"], "has no parameter 'edge'"),
        (["--seasons", "2016-2017:2016-2017", "--bankroll", "lots"], "invalid --bankroll 'lots'"),
        (["--seasons", "2016-2017:2016-2017", "--staking", "martingale"], "invalid choice: 'martingale'"),
    ],
)
def test_bad_input_exits_2_naming_it(
    capsys: pytest.CaptureFixture[str], container: Container, args: list[str], named: str
) -> None:
    assert run(["backtest", "--league", "SYN", *args], container) == 2
    error = capsys.readouterr().err.strip()
    assert named in error
    assert len(error.splitlines()) == 1
