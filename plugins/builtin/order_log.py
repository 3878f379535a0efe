"""What the simulated bookmakers (paper, exchange replay) share: one bet per client reference, kept in the
order log, and the status of a bet read back from it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from application.ports.bookmaker_gateway import UnknownBet

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from application.ports.paper_order_log import PaperOrderLog
    from domain.placement import Order, Placement


class LoggedOrders:
    def __init__(self, log: PaperOrderLog, bookmaker_name: str) -> None:
        self._log, self._name = log, bookmaker_name

    async def place_once(self, order: Order, decide: Callable[[], Awaitable[Placement]]) -> Placement:
        """The bet already made for the order's client reference, else the one `decide` makes, logged."""
        earlier = await self._log.find(order.bookmaker, order.client_ref)
        if earlier is not None:
            return earlier
        return await self._log.record(await decide())

    async def status(self, bet_ref: str) -> Placement:
        found = await self._log.by_bet_ref(bet_ref)
        if found is None:
            raise UnknownBet(f"the {self._name} has no bet {bet_ref!r}")
        return found
