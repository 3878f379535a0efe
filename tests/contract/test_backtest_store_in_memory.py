"""The in-memory backtest store passes the backtest store contract."""

from __future__ import annotations

import pytest

from tests.contract.backtest_store_contract import BACKTEST_STORE_CONTRACT, ContractCheck
from tests.fakes.backtests import InMemoryBacktestStore


@pytest.mark.parametrize("check", BACKTEST_STORE_CONTRACT, ids=lambda check: check.__name__)
async def test_in_memory_backtest_store(check: ContractCheck) -> None:
    await check(InMemoryBacktestStore())
