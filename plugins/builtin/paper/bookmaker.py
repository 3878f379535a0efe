"""The paper bookmaker: places orders against the current price, with limits, latency and rejections.

Rules (docs/bookmakers.md):
- one bet per client reference: an order seen before gets its first answer back (the order log keeps it);
- a seeded share of orders meets a suspended market (`suspended`);
- every leg needs a current price at the bookmaker (`market_closed` when it never priced the selection);
  the latest price counts whether it is an early or a closing one: paper mode replays what was offered;
- every leg's current price must be at least its minimum odds (`price_moved`); the bet is accepted at the
  current prices, so a price that moved up is the bettor's gain;
- the stake may not exceed the bookmaker's maximum stake per selection (`over_limit`); a limit that
  differs from the last one recorded is recorded as a change first;
- the answer comes after the configured latency; the same seed gives the same answers and bet references.
"""

from __future__ import annotations

import asyncio
import hashlib
import random
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from application.ports.bookmaker_limits import LimitChange
from application.ports.current_prices import CurrentPrice, PriceKey
from domain.placement import Order, Placement, PlacementStatus, RejectionReason
from plugins.builtin.order_log import LoggedOrders

if TYPE_CHECKING:
    from decimal import Decimal

    from plugins.builtin.paper.settings import PaperSettings
    from plugins.hookspecs import GatewayContext

Sleep = Callable[[float], Awaitable[None]]


class PaperBookmaker:
    def __init__(
        self, context: GatewayContext, settings: PaperSettings, sleep: Sleep = asyncio.sleep
    ) -> None:
        self._context, self._settings, self._sleep = context, settings, sleep
        self._orders = LoggedOrders(context.paper_orders, "paper bookmaker")

    async def place(self, order: Order) -> Placement:
        async def decide() -> Placement:
            draw = self._draw(order)
            await self._sleep(self._settings.latency_seconds * (1 + draw.random() / 2))
            return await self._decide(order, draw)

        return await self._orders.place_once(order, decide)

    async def cancel(self, bet_ref: str) -> Placement:
        return await self.status(bet_ref)  # paper bets are matched at once: nothing is left to cancel

    async def status(self, bet_ref: str) -> Placement:
        return await self._orders.status(bet_ref)

    async def _decide(self, order: Order, draw: random.Random) -> Placement:
        now = self._context.clock.now()
        if draw.random() < self._settings.suspension_rate:
            return self._rejected(order, RejectionReason.SUSPENDED, "the market is suspended")
        prices: list[CurrentPrice] = []
        for leg in order.legs:
            key = PriceKey(leg.fixture_id, leg.market, leg.selection, order.bookmaker, leg.line)
            price = await self._context.prices.current(key, now)
            if price is None:
                detail = f"{order.bookmaker} offers no price for {leg.market} {leg.selection}"
                return self._rejected(order, RejectionReason.MARKET_CLOSED, detail)
            if price.price < leg.minimum_odds:
                detail = f"{leg.market} {leg.selection} is {price.price} now, below {leg.minimum_odds}"
                return self._rejected(order, RejectionReason.PRICE_MOVED, detail)
            prices.append(price)
        limit = await self._limit(order.bookmaker)
        if limit is not None and order.stake > limit:
            detail = f"stake {order.stake} above {order.bookmaker}'s maximum of {limit} per selection"
            return self._rejected(order, RejectionReason.OVER_LIMIT, detail)
        return Placement(order.bookmaker, order.client_ref, PlacementStatus.ACCEPTED, order.stake,
                         order.stake, tuple(price.price for price in prices), self._bet_ref(order),
                         placed_at=now)  # fmt: skip

    def _rejected(self, order: Order, reason: RejectionReason, detail: str) -> Placement:
        return Placement.rejected(order, reason, detail, self._context.clock.now(), self._bet_ref(order))

    async def _limit(self, bookmaker: str) -> Decimal | None:
        configured = self._settings.limit(bookmaker)
        limits = self._context.limits
        recorded = await limits.current(bookmaker)
        if configured is not None and configured != recorded:
            await limits.record(LimitChange(bookmaker, recorded, configured, self._context.clock.now()))
        return configured

    def _draw(self, order: Order) -> random.Random:
        return random.Random(f"{self._settings.seed}:{order.bookmaker}:{order.client_ref}")  # noqa: S311  a seeded, reproducible simulation

    def _bet_ref(self, order: Order) -> str:
        text = f"{self._settings.seed}:{order.bookmaker}:{order.client_ref}"
        return "paper-" + hashlib.sha256(text.encode()).hexdigest()[:20]
