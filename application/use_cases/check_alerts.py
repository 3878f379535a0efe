"""Use case: raise the alerts the current prices, limit changes and placements call for, and send them."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from application.pagination import Page, PageRequest
from application.ports.alert_store import AlertStore
from application.ports.bookmaker_limits import BookmakerLimits
from application.ports.current_prices import CurrentPrices, PriceKey
from application.ports.notifier import NotificationFailed, Notifier
from domain.alerts import Alert, AlertThresholds, limit_change, price_move, rejection_rate

log = logging.getLogger(__name__)
REJECTION_WINDOW = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class CheckAlertsRequest:
    as_of: datetime  # the market's time: prices captured by then, placements of the day before it


@dataclass(frozen=True, slots=True)
class CheckedAlerts:
    raised: tuple[Alert, ...]  # new alerts (an alert already raised is not raised again)
    undelivered: int  # new alerts some notifier failed to deliver (they stay stored)


class CheckAlerts:
    """Check the alert rules of domain.alerts and send each new alert to every notifier.

    Rules:
    - price move: each leg of every open ticket against the current price of its selection at its
      bookmaker (as of the request), beyond the price-move threshold;
    - limit change: every recorded change of a bookmaker's maximum stake per selection;
    - rejection rate: each bookmaker's placements in the 24 hours before `as_of`;
    - an alert is stored once (by its key) and only a newly stored alert is sent; a notifier that fails
      is logged and does not stop the others, nor undo the alert.
    """

    def __init__(
        self,
        store: Callable[[], AlertStore],
        prices: CurrentPrices,
        limits: BookmakerLimits,
        notifiers: Sequence[Notifier],
        thresholds: AlertThresholds,
    ) -> None:
        self._store, self._prices, self._limits = store, prices, limits
        self._notifiers, self._thresholds = tuple(notifiers), thresholds

    async def execute(self, request: CheckAlertsRequest) -> CheckedAlerts:
        store = self._store()
        found = [*await self._price_moves(store, request.as_of), *await self._limit_changes(),
                 *await self._rejection_rates(store, request.as_of)]  # fmt: skip
        raised = tuple([alert for alert in found if alert is not None and await store.add(alert)])
        undelivered = sum([not await self._send(alert) for alert in raised])
        return CheckedAlerts(raised, undelivered)

    async def _price_moves(self, store: AlertStore, at: datetime) -> list[Alert | None]:
        alerts: list[Alert | None] = []
        for open_leg in await store.open_legs():
            leg = open_leg.leg
            key = PriceKey(leg.fixture_id, leg.market, leg.selection, leg.bookmaker, leg.line)
            current = await self._prices.current(key, at)
            if current is not None:
                line = "" if leg.line is None else f" {leg.line}"
                named = f"{leg.fixture_id} {leg.market}{line} {leg.selection}"
                alerts.append(price_move(open_leg.ticket_id, named, leg.odds.decimal, current.price,
                                         current.captured_at, self._thresholds.price_move))  # fmt: skip
        return alerts

    async def _limit_changes(self) -> list[Alert | None]:
        return [
            limit_change(c.bookmaker, c.previous, c.current, c.changed_at)
            for c in await self._limits.changes()
        ]

    async def _rejection_rates(self, store: AlertStore, at: datetime) -> list[Alert | None]:
        since = at - REJECTION_WINDOW
        window = f"the 24 hours to {at.isoformat(timespec='minutes')}"
        tallies = await store.placement_tally(since, at)
        return [
            rejection_rate(t.bookmaker, t.rejected, t.placed, window, at, self._thresholds) for t in tallies
        ]

    async def _send(self, alert: Alert) -> bool:
        delivered = True
        for notifier in self._notifiers:
            try:
                await notifier.notify(alert)
            except NotificationFailed as failure:
                log.warning("alert %s not delivered by %s: %s", alert.key, notifier.name, failure)
                delivered = False
        return delivered


class ListAlerts:
    """Alerts, newest first, a page at a time."""

    def __init__(self, store: Callable[[], AlertStore]) -> None:
        self._store = store

    async def execute(self, request: PageRequest) -> Page[Alert]:
        return await self._store().page(request)
