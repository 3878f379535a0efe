"""In-memory current prices, paper order log and bookmaker limits (they pass the PostgreSQL adapters'
contract tests: tests/contract/bookmaking_contract.py)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from plugins.builtin.paper.plugin import stakewise_bookmaker_adapters
from plugins.gateways import PluginGateways
from plugins.hookspecs import GatewayContext

if TYPE_CHECKING:
    from datetime import datetime
    from decimal import Decimal

    from application.ports.bookmaker_limits import LimitChange
    from application.ports.clock import Clock
    from application.ports.current_prices import CurrentPrice, PriceKey
    from domain.placement import Placement


class InMemoryCurrentPrices:
    def __init__(self) -> None:
        self.quotes: dict[PriceKey, list[CurrentPrice]] = {}

    def quote(self, key: PriceKey, price: CurrentPrice) -> None:
        self.quotes.setdefault(key, []).append(price)

    async def current(self, key: PriceKey, at: datetime) -> CurrentPrice | None:
        found = [price for price in self.quotes.get(key, []) if price.captured_at <= at]
        return max(found, key=lambda p: (p.captured_at, p.is_closing)) if found else None


class InMemoryPaperOrderLog:
    def __init__(self) -> None:
        self.orders: list[Placement] = []

    async def find(self, bookmaker: str, client_ref: str) -> Placement | None:
        return next((o for o in self.orders if (o.bookmaker, o.client_ref) == (bookmaker, client_ref)), None)

    async def record(self, placement: Placement) -> Placement:
        if placement.bet_ref is None:
            raise ValueError("a paper order needs its bet reference")
        earlier = await self.find(placement.bookmaker, placement.client_ref)
        if earlier is not None:
            return earlier
        self.orders.append(placement)
        return placement

    async def by_bet_ref(self, bet_ref: str) -> Placement | None:
        return next((o for o in self.orders if o.bet_ref == bet_ref), None)

    async def replace(self, placement: Placement) -> None:
        self.orders = [placement if o.bet_ref == placement.bet_ref else o for o in self.orders]


class InMemoryBookmakerLimits:
    def __init__(self) -> None:
        self.recorded: list[LimitChange] = []

    async def current(self, bookmaker: str) -> Decimal | None:
        mine = [c for c in self.recorded if c.bookmaker == bookmaker]
        return mine[-1].current if mine else None

    async def record(self, change: LimitChange) -> None:
        self.recorded.append(dataclasses.replace(change))

    async def changes(self, bookmaker: str | None = None) -> list[LimitChange]:
        return [c for c in self.recorded if bookmaker is None or c.bookmaker == bookmaker]


@dataclass
class PaperBookmaking:
    """The paper bookmaker's in-memory ports, and gateways over them (paper for every bookmaker)."""

    prices: InMemoryCurrentPrices = field(default_factory=InMemoryCurrentPrices)
    orders: InMemoryPaperOrderLog = field(default_factory=InMemoryPaperOrderLog)
    limits: InMemoryBookmakerLimits = field(default_factory=InMemoryBookmakerLimits)
    settings: dict[str, str] = field(default_factory=dict)

    def context(self, clock: Clock) -> GatewayContext:
        return GatewayContext(clock, self.prices, self.orders, self.limits, self.settings)

    def gateways(self, clock: Clock) -> PluginGateways:
        adapters = {adapter.name: adapter for adapter in stakewise_bookmaker_adapters()}
        return PluginGateways(adapters, self.context(clock), {})
