"""What the command line needs from the composition root: one factory per use case."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from application.use_cases.devig_market import DevigMarket
from application.use_cases.price_fixture import PriceFixture


class CliServices(Protocol):
    @property
    def devig_market(self) -> Callable[[], DevigMarket]: ...

    @property
    def price_fixture(self) -> Callable[[], PriceFixture]: ...
