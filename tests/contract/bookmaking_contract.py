"""The contract of the paper bookmaker's ports: current prices, its order log and the bookmaker limits.

A harness gives the three ports over an empty store and can quote a price; tests/contract/
test_bookmaking_in_memory.py runs the checks on the fakes, tests/integration/test_bookmaking_postgres.py
on PostgreSQL (odds_quotes, paper_orders, bookmaker_limit_changes).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from application.ports.bookmaker_limits import BookmakerLimits, LimitChange
from application.ports.current_prices import CurrentPrice, CurrentPrices, PriceKey
from domain.placement import Placement, PlacementStatus, RejectionReason

if TYPE_CHECKING:
    from application.ports.paper_order_log import PaperOrderLog

T0 = datetime(2025, 3, 1, 12, tzinfo=UTC)
LATER = T0 + timedelta(days=1)


class BookmakingHarness(Protocol):
    @property
    def prices(self) -> CurrentPrices: ...

    @property
    def orders(self) -> PaperOrderLog: ...

    @property
    def limits(self) -> BookmakerLimits: ...

    async def fixture(self) -> str:
        """A fixture id prices can be quoted for."""
        ...

    async def quote(self, key: PriceKey, price: str, at: datetime, closing: bool = False) -> None: ...


BookmakingCheck = Callable[[BookmakingHarness], Awaitable[None]]


def placement(client_ref: str, bet_ref: str, status: PlacementStatus = PlacementStatus.ACCEPTED) -> Placement:
    if status is PlacementStatus.REJECTED:
        return Placement("pinnacle", client_ref, status, Decimal("10.00"), bet_ref=bet_ref,
                         reason=RejectionReason.OVER_LIMIT, detail="max 5.00", placed_at=T0)  # fmt: skip
    return Placement("pinnacle", client_ref, status, Decimal("10.00"), Decimal("10.00"), (Decimal("2.1"),),
                     bet_ref, placed_at=T0, commission=Decimal("0.02"))  # fmt: skip


async def the_latest_quote_is_current_and_a_closing_one_wins_a_tie(h: BookmakingHarness) -> None:
    fixture = await h.fixture()
    key = PriceKey(fixture, "1x2", "home", "pinnacle")
    await h.quote(key, "2.10", T0 - timedelta(hours=2))
    await h.quote(key, "2.05", T0 - timedelta(hours=1))
    assert await h.prices.current(key, LATER) == CurrentPrice(Decimal("2.05"), T0 - timedelta(hours=1), False)
    await h.quote(key, "2.00", T0, closing=False)
    await h.quote(key, "1.98", T0, closing=True)
    assert await h.prices.current(key, LATER) == CurrentPrice(Decimal("1.98"), T0, True)


async def a_price_captured_after_the_time_asked_is_not_current_yet(h: BookmakingHarness) -> None:
    key = PriceKey(await h.fixture(), "1x2", "away", "pinnacle")
    await h.quote(key, "3.10", T0 - timedelta(hours=2))
    await h.quote(key, "2.90", T0)
    assert await h.prices.current(key, T0 - timedelta(minutes=1)) == CurrentPrice(
        Decimal("3.10"), T0 - timedelta(hours=2), False
    )
    assert await h.prices.current(key, T0 - timedelta(hours=3)) is None


async def a_line_a_selection_and_a_bookmaker_are_told_apart(h: BookmakingHarness) -> None:
    fixture = await h.fixture()
    over = PriceKey(fixture, "totals", "over", "pinnacle", Decimal("2.5"))
    await h.quote(over, "1.90", T0)
    assert (await h.prices.current(over, LATER)) is not None
    for other in (PriceKey(fixture, "totals", "over", "pinnacle", Decimal("3.5")),
                  PriceKey(fixture, "totals", "under", "pinnacle", Decimal("2.5")),
                  PriceKey(fixture, "totals", "over", "bet365", Decimal("2.5")),
                  PriceKey(str(uuid.uuid4()), "totals", "over", "pinnacle", Decimal("2.5")),
                  PriceKey("not-a-fixture-id", "totals", "over", "pinnacle", Decimal("2.5"))):  # fmt: skip
        assert await h.prices.current(other, LATER) is None, other


async def the_order_log_keeps_the_first_bet_of_a_client_reference(h: BookmakingHarness) -> None:
    first = placement("ticket-1", "bet-1")
    assert await h.orders.record(first) == first
    assert await h.orders.record(placement("ticket-1", "bet-2", PlacementStatus.REJECTED)) == first
    assert await h.orders.find("pinnacle", "ticket-1") == first
    assert await h.orders.find("bet365", "ticket-1") is None
    assert await h.orders.by_bet_ref("bet-1") == first
    assert await h.orders.by_bet_ref("bet-2") is None


async def the_order_log_round_trips_a_rejection_and_replaces_a_known_bet(h: BookmakingHarness) -> None:
    rejected = placement("ticket-2", "bet-3", PlacementStatus.REJECTED)
    await h.orders.record(rejected)
    assert await h.orders.by_bet_ref("bet-3") == rejected
    await h.orders.record(placement("ticket-3", "bet-4"))
    cancelled = Placement("pinnacle", "ticket-3", PlacementStatus.PARTIALLY_MATCHED, Decimal("10.00"),
                          Decimal("4.00"), (Decimal("2.1"),), "bet-4", placed_at=T0)  # fmt: skip
    await h.orders.replace(cancelled)
    assert await h.orders.find("pinnacle", "ticket-3") == cancelled


async def limit_changes_are_recorded_in_order_and_the_last_is_current(h: BookmakingHarness) -> None:
    assert await h.limits.current("pinnacle") is None
    await h.limits.record(LimitChange("pinnacle", None, Decimal("500"), T0))
    await h.limits.record(LimitChange("bet365", None, Decimal("100"), T0))
    await h.limits.record(LimitChange("pinnacle", Decimal("500"), Decimal("250.50"), T0 + timedelta(days=1)))
    assert await h.limits.current("pinnacle") == Decimal("250.50")
    assert [c.current for c in await h.limits.changes("pinnacle")] == [Decimal("500"), Decimal("250.50")]
    assert len(await h.limits.changes()) == 3


BOOKMAKING_CONTRACT: list[BookmakingCheck] = [
    the_latest_quote_is_current_and_a_closing_one_wins_a_tie,
    a_price_captured_after_the_time_asked_is_not_current_yet,
    a_line_a_selection_and_a_bookmaker_are_told_apart,
    the_order_log_keeps_the_first_bet_of_a_client_reference,
    the_order_log_round_trips_a_rejection_and_replaces_a_known_bet,
    limit_changes_are_recorded_in_order_and_the_last_is_current,
]
