"""Fixtures of the backtest tests: the built-in strategies and models, the real optimiser (Pyomo + HiGHS)."""

from __future__ import annotations

import pytest

from application.backtest.engine import SeasonBacktest
from application.use_cases.optimize_portfolio import OptimizePortfolio
from plugins.manager import PluginHost, PluginModelCatalogue, PluginStrategyCatalogue
from tests.fakes.container import memory_container, use_case


@pytest.fixture(scope="session")
def plugin_host() -> PluginHost:
    return PluginHost(entry_point_group=None)


@pytest.fixture(scope="session")
def strategies(plugin_host: PluginHost) -> PluginStrategyCatalogue:
    return plugin_host.strategy_catalogue()


@pytest.fixture(scope="session")
def models(plugin_host: PluginHost) -> PluginModelCatalogue:
    return plugin_host.model_catalogue()


@pytest.fixture(scope="session")
def engine() -> SeasonBacktest:
    return SeasonBacktest(use_case(memory_container(), OptimizePortfolio))  # Pyomo and HiGHS
