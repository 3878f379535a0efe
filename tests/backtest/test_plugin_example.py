"""The strategy plugin example of docs/plugins.md works as printed: registered, created, backtested."""

from __future__ import annotations

import re
import types
from pathlib import Path

from application.backtest.engine import BacktestSettings, SeasonBacktest, Staking
from plugins.manager import PluginHost
from tests.backtest_builders import priced_league

DOC = Path(__file__).resolve().parents[2] / "docs" / "plugins.md"


def _example_module() -> types.ModuleType:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    source = next(block for block in blocks if "stakewise_strategies" in block)
    module = types.ModuleType("two_sharps_example")
    exec(compile(source, str(DOC), "exec"), module.__dict__)  # noqa: S102  runs the example of docs/plugins.md
    return module


def test_the_documented_strategy_registers_and_bets_only_at_other_bookmakers(engine: SeasonBacktest) -> None:
    host = PluginHost(entry_point_group=None)
    host.register(_example_module(), "two-sharps-example", origin="docs/plugins.md")
    strategy = host.strategy_catalogue().create("two-sharps", {"min_expected_value": 0.01})
    assert strategy.filters.min_expected_value == 0.01
    league = priced_league(seasons=2)
    run = engine.run(league, {}, "2016-2017", strategy, {}, BacktestSettings(staking=Staking.FLAT))
    assert run.bets
    assert {bet.bookmaker for bet in run.bets} <= {"william-hill", "bwin"}
    assert all(bet.expected_value > 0.01 for bet in run.bets)
