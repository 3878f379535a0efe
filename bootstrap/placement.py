"""Placing tickets as of a time: the bookmakers see the market of that time, stakewise keeps its own clock."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from adapters.runtime import FixedClock

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from application.ports.bookmaker_gateway import BookmakerGateways
    from application.use_cases.place_ticket import PlaceTicket
    from plugins.hookspecs import GatewayContext
    from plugins.manager import PluginHost


class PlaceTicketAt:
    """Callable: the PlaceTicket use case whose bookmakers live at `as_of` (None: now, the live market)."""

    def __init__(
        self, place_ticket: Callable[..., PlaceTicket], plugins: PluginHost, context: GatewayContext
    ) -> None:
        self._place_ticket, self._plugins, self._context = place_ticket, plugins, context

    def __call__(self, as_of: datetime | None = None) -> PlaceTicket:
        market = self._context if as_of is None else replace(self._context, clock=FixedClock(as_of))
        gateways: BookmakerGateways = self._plugins.gateways(market)
        return self._place_ticket(gateways=gateways)
