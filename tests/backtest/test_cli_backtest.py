"""`stakewise backtest` on the real command line and container, with a synthetic league in memory."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pytest

from adapters.cli.app import run
from plugins.manager import PluginHost
from tests.backtest_builders import priced_league
from tests.fakes.backtests import InMemoryBacktestStore
from tests.fakes.container import memory_container
from tests.fakes.modelling import InMemoryMatchHistory

if TYPE_CHECKING:
    from pathlib import Path

    from bootstrap.container import Container


class FixedClock:
    def now(self) -> datetime:
        return datetime(2026, 12, 2, 12, tzinfo=UTC)


def no_temporal() -> None:
    raise AssertionError("one league, or --in-process, never goes to Temporal")


@pytest.fixture
def container() -> Container:
    """The container's own backtest services, over a synthetic league and a backtest store in memory."""
    return memory_container(
        factories={"temporal_backtest": no_temporal},
        plugin_host=PluginHost(entry_point_group=None),
        match_history=InMemoryMatchHistory([*priced_league(3, league="SYN"), *priced_league(3, 12, "SYM")]),
        backtest_store=InMemoryBacktestStore(),
        clock=FixedClock(),
    )


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
