"""The gateway contract (tests/contract/gateway_contract.py) on the paper bookmaker and the exchange."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.contract.gateway_contract import GATEWAY_CONTRACT, GatewayCheck
from tests.unit.placement.harnesses import ExchangeHarness, PaperHarness

if TYPE_CHECKING:
    from pathlib import Path


@pytest.mark.parametrize("check", GATEWAY_CONTRACT, ids=lambda check: check.__name__)
async def test_the_paper_bookmaker_keeps_the_gateway_contract(check: GatewayCheck) -> None:
    await check(PaperHarness())


@pytest.mark.parametrize("check", GATEWAY_CONTRACT, ids=lambda check: check.__name__)
async def test_the_exchange_replay_keeps_the_gateway_contract(check: GatewayCheck, tmp_path: Path) -> None:
    await check(ExchangeHarness(tmp_path))
