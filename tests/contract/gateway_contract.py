"""The contract of a bookmaker gateway (application.ports.bookmaker_gateway): shared checks every adapter
must pass. A harness per adapter offers a price with some depth and builds the gateway over it; each check
raises AssertionError when the contract is broken.

    @pytest.mark.parametrize("check", GATEWAY_CONTRACT, ids=lambda check: check.__name__)
    async def test_my_gateway(check: GatewayCheck) -> None:
        await check(MyHarness())

tests/unit/placement/test_gateway_contract.py runs them on the paper bookmaker and the exchange replay.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Protocol

import pytest

from application.ports.bookmaker_gateway import BookmakerGateway, UnknownBet
from application.ports.current_prices import PriceKey
from domain.placement import Order, OrderLeg, PlacementStatus, RejectionReason

DEEP = Decimal("10000")


class GatewayHarness(Protocol):
    async def offer(self, price: Decimal, size: Decimal = DEEP) -> PriceKey:
        """A home price of a fixture of its own, open for betting, with `size` available at it."""
        ...

    def gateway(self) -> BookmakerGateway:
        """The gateway under test, over what was offered so far."""
        ...

    async def orders(self) -> int:
        """How many bets the bookmaker's own book holds."""
        ...


GatewayCheck = Callable[[GatewayHarness], Awaitable[None]]


def order(key: PriceKey, minimum: str, stake: str = "10.00", client_ref: str | None = None) -> Order:
    leg = OrderLeg(key.fixture_id, key.market, key.selection, Decimal(minimum), key.line)
    return Order(key.bookmaker, client_ref or uuid.uuid4().hex, Decimal(stake), (leg,))


async def accepts_at_a_price_at_least_the_minimum(h: GatewayHarness) -> None:
    key = await h.offer(Decimal("2.10"))
    asked = order(key, "2.00")
    placed = await h.gateway().place(asked)
    assert placed.status is PlacementStatus.ACCEPTED
    assert placed.matched_stake == asked.stake
    assert placed.requested_stake == asked.stake
    assert placed.leg_odds
    assert placed.leg_odds[0] >= Decimal("2.00")
    assert placed.accepted_odds == placed.leg_odds[0]
    assert placed.bet_ref
    assert placed.client_ref == asked.client_ref
    assert placed.bookmaker == key.bookmaker
    assert placed.placed_at is not None


async def placing_the_same_client_reference_twice_makes_one_bet(h: GatewayHarness) -> None:
    key = await h.offer(Decimal("2.10"))
    asked = order(key, "2.00", client_ref="ticket-1")
    first = await h.gateway().place(asked)
    again = await h.gateway().place(asked)
    assert again == first
    assert await h.orders() == 1


async def a_price_below_the_minimum_is_rejected_as_moved(h: GatewayHarness) -> None:
    key = await h.offer(Decimal("1.95"))
    placed = await h.gateway().place(order(key, "2.00"))
    assert placed.status is PlacementStatus.REJECTED
    assert placed.reason is RejectionReason.PRICE_MOVED
    assert placed.matched_stake == 0
    assert placed.accepted_odds is None
    assert placed.detail


async def a_selection_never_priced_is_a_closed_market(h: GatewayHarness) -> None:
    key = await h.offer(Decimal("2.10"))
    unknown = PriceKey(str(uuid.uuid4()), key.market, key.selection, key.bookmaker, key.line)
    placed = await h.gateway().place(order(unknown, "2.00"))
    assert placed.status is PlacementStatus.REJECTED
    assert placed.reason is RejectionReason.MARKET_CLOSED


async def status_returns_the_bet_and_an_unknown_reference_is_refused(h: GatewayHarness) -> None:
    key = await h.offer(Decimal("2.10"))
    placed = await h.gateway().place(order(key, "2.00"))
    assert placed.bet_ref is not None
    assert await h.gateway().status(placed.bet_ref) == placed
    with pytest.raises(UnknownBet):
        await h.gateway().status("no-such-bet")


async def cancelling_a_matched_bet_leaves_it_standing(h: GatewayHarness) -> None:
    key = await h.offer(Decimal("2.10"))
    placed = await h.gateway().place(order(key, "2.00"))
    assert placed.bet_ref is not None
    cancelled = await h.gateway().cancel(placed.bet_ref)
    assert cancelled.status is PlacementStatus.ACCEPTED
    assert cancelled.matched_stake == placed.matched_stake


GATEWAY_CONTRACT: list[GatewayCheck] = [
    accepts_at_a_price_at_least_the_minimum,
    placing_the_same_client_reference_twice_makes_one_bet,
    a_price_below_the_minimum_is_rejected_as_moved,
    a_selection_never_priced_is_a_closed_market,
    status_returns_the_bet_and_an_unknown_reference_is_refused,
    cancelling_a_matched_bet_leaves_it_standing,
]
