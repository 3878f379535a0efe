"""The exchange replay gateway: back orders matched against the replayed ladder of Betfair stream files.

Rules (docs/bookmakers.md):
- one bet per client reference (the order log keeps it), like the paper bookmaker;
- singles only: an exchange bet is on one selection (an accumulator is rejected, reason unknown);
- the market as recorded at the time of placing (the clock) decides: none recorded → `market_closed`,
  suspended → `suspended`, closed or in play → `market_closed`;
- a back order takes the offers available to back at or above its minimum odds, best price first, up to
  its stake (domain.placement.match_back_order): all of it → accepted, part → partially matched (the rest
  lapses), none → `price_moved`; the accepted odds are the average price matched;
- the exchange's commission (5% unless STAKEWISE_BETFAIR_COMMISSION says otherwise) is kept out of the
  winnings at settlement.
Earlier orders do not deplete the recorded offers: each order sees the ladder as it was recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

from domain.errors import DomainError
from domain.placement import (
    Order,
    Placement,
    RejectionReason,
    match_back_order,
    matched_status,
)
from plugins.builtin.order_log import LoggedOrders

if TYPE_CHECKING:
    from collections.abc import Mapping

    from plugins.builtin.betfair_replay.replay import Replay
    from plugins.hookspecs import GatewayContext

BOOKMAKER = "betfair-exchange"
DEFAULT_COMPETITION = "BFX"
DEFAULT_COMMISSION = Decimal("0.05")


class ExchangeSettingError(DomainError):
    """A STAKEWISE_BETFAIR_* setting that cannot be used; the message names it."""


@dataclass(frozen=True, slots=True)
class ExchangeSettings:
    stream: Path
    competition: str = DEFAULT_COMPETITION
    commission: Decimal = DEFAULT_COMMISSION

    @classmethod
    def from_settings(cls, values: Mapping[str, str]) -> ExchangeSettings:
        stream = values.get("STAKEWISE_BETFAIR_STREAM")
        if not stream or not Path(stream).exists():
            raise ExchangeSettingError(
                f"STAKEWISE_BETFAIR_STREAM must name a recorded stream file or folder (got {stream!r})"
            )
        return cls(Path(stream), values.get("STAKEWISE_BETFAIR_COMPETITION") or DEFAULT_COMPETITION,
                   _commission(values.get("STAKEWISE_BETFAIR_COMMISSION")))  # fmt: skip


def _commission(text: str | None) -> Decimal:
    if not text:
        return DEFAULT_COMMISSION
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal(-1)
    if not Decimal(0) <= value < 1:
        raise ExchangeSettingError(f"STAKEWISE_BETFAIR_COMMISSION: {text!r} is not a share from 0 to 1")
    return value


class ReplayExchange:
    def __init__(self, context: GatewayContext, replay: Replay, commission: Decimal) -> None:
        self._context, self._replay, self._commission = context, replay, commission
        self._orders = LoggedOrders(context.paper_orders, "exchange replay")

    async def place(self, order: Order) -> Placement:
        async def decide() -> Placement:
            return self._decide(order)

        return await self._orders.place_once(order, decide)

    async def cancel(self, bet_ref: str) -> Placement:
        return await self.status(bet_ref)  # the unmatched part lapsed when the order was placed

    async def status(self, bet_ref: str) -> Placement:
        return await self._orders.status(bet_ref)

    def _decide(self, order: Order) -> Placement:
        now = self._context.clock.now()
        bet_ref = f"bfx-{order.client_ref}"
        if len(order.legs) != 1:
            detail = "an exchange bet is a single: accumulators cannot be matched"
            return Placement.rejected(order, RejectionReason.UNKNOWN, detail, now, bet_ref)
        leg = order.legs[0]
        markets = self._replay.markets_at(leg.fixture_id, now)
        found = [(m, r) for m in markets if (r := m.runner(leg.market, leg.selection, leg.line)) is not None]
        if not found:
            detail = f"no {leg.market} {leg.selection} market recorded for fixture {leg.fixture_id}"
            return Placement.rejected(order, RejectionReason.MARKET_CLOSED, detail, now, bet_ref)
        market, ladder = found[0]
        if market.status == "SUSPENDED":
            return Placement.rejected(
                order, RejectionReason.SUSPENDED, "the market is suspended", now, bet_ref
            )
        if market.status != "OPEN" or market.in_play:
            detail = f"the market is {'in play' if market.in_play else market.status.lower()}"
            return Placement.rejected(order, RejectionReason.MARKET_CLOSED, detail, now, bet_ref)
        matched, price = match_back_order(ladder.back, leg.minimum_odds, order.stake)
        if price is None:
            best = ladder.back[0][0] if ladder.back else "none"
            detail = f"best price available to back is {best}, below {leg.minimum_odds}"
            return Placement.rejected(order, RejectionReason.PRICE_MOVED, detail, now, bet_ref)
        return Placement(order.bookmaker, order.client_ref, matched_status(order, matched), order.stake,
                         matched, (price,), bet_ref, placed_at=now,
                         commission=self._commission)  # fmt: skip
