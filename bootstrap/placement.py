"""Placing tickets as of a time: the bookmakers see the market of that time, stakewise keeps its own clock."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from adapters.runtime import FixedClock
from application.use_cases.place_ticket import PlaceTicket

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from application.ports.clock import Clock
    from application.ports.ticket_placements import PlacementUnitOfWork
    from plugins.hookspecs import GatewayContext
    from plugins.manager import PluginHost


class PlaceTicketAt:
    """Callable: the PlaceTicket use case whose bookmakers live at `as_of` (None: now, the live market)."""

    def __init__(
        self,
        unit_of_work: Callable[[], PlacementUnitOfWork],
        plugins: PluginHost,
        context: GatewayContext,
        clock: Clock,
    ) -> None:
        self._unit_of_work, self._plugins, self._context, self._clock = unit_of_work, plugins, context, clock

    def __call__(self, as_of: datetime | None = None) -> PlaceTicket:
        market = self._context if as_of is None else replace(self._context, clock=FixedClock(as_of))
        return PlaceTicket(self._unit_of_work, self._plugins.gateways(market), self._clock)
