"""Port: somewhere an alert is sent (a log, a webhook, a chat): plugins provide them."""

from __future__ import annotations

from typing import Protocol

from domain.alerts import Alert


class Notifier(Protocol):
    name: str

    async def notify(self, alert: Alert) -> None:
        """Deliver the alert, or raise NotificationFailed naming what went wrong."""
        ...


class NotificationFailed(Exception):
    """A notifier could not deliver an alert (after its own retries)."""
