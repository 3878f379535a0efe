"""The paper bookmaker's in-memory ports keep the contract the PostgreSQL adapters keep."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

from application.ports.current_prices import CurrentPrice, PriceKey
from tests.contract.bookmaking_contract import BOOKMAKING_CONTRACT, BookmakingCheck
from tests.fakes.bookmaking import InMemoryBookmakerLimits, InMemoryCurrentPrices, InMemoryPaperOrderLog

if TYPE_CHECKING:
    from datetime import datetime


class InMemoryHarness:
    def __init__(self) -> None:
        self.prices, self.orders, self.limits = (
            InMemoryCurrentPrices(),
            InMemoryPaperOrderLog(),
            InMemoryBookmakerLimits(),
        )

    async def fixture(self) -> str:
        return str(uuid.uuid4())

    async def quote(self, key: PriceKey, price: str, at: datetime, closing: bool = False) -> None:
        self.prices.quote(key, CurrentPrice(Decimal(price), at, closing))


@pytest.mark.parametrize("check", BOOKMAKING_CONTRACT, ids=lambda check: check.__name__)
async def test_in_memory_bookmaking_ports(check: BookmakingCheck) -> None:
    await check(InMemoryHarness())
