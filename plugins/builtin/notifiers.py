"""Built-in plugin `notifiers`: where alerts go. `log` (the default) writes each alert to the log; `webhook`
POSTs it as JSON to STAKEWISE_ALERT_WEBHOOK_URL, with a timeout per attempt and retries with backoff.

Webhook settings: STAKEWISE_ALERT_WEBHOOK_URL (required), STAKEWISE_ALERT_WEBHOOK_TIMEOUT_SECONDS (5),
STAKEWISE_ALERT_WEBHOOK_RETRIES (3 more attempts after the first). A 2xx answer delivers the alert; a
timeout, a connection error or a 5xx is tried again; a 4xx is final (the request itself is wrong).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any

import httpx

from application.ports.notifier import NotificationFailed
from domain.errors import DomainError
from plugins.hookspecs import NotifierEntry, hookimpl

if TYPE_CHECKING:
    from domain.alerts import Alert

log = logging.getLogger("stakewise.alerts")
Sleep = Callable[[float], Awaitable[None]]


class LogNotifier:
    name = "log"

    async def notify(self, alert: Alert) -> None:
        log.warning("alert %s: %s (%s)", alert.kind.value, alert.message, alert.subject)


def alert_document(alert: Alert) -> dict[str, Any]:
    return {"kind": alert.kind.value, "key": alert.key, "subject": alert.subject, "message": alert.message,
            "raised_at": alert.raised_at.isoformat(), "details": dict(alert.details)}  # fmt: skip


class WebhookNotifier:
    name = "webhook"

    def __init__(
        self, url: str, timeout_seconds: float = 5.0, retries: int = 3, sleep: Sleep = asyncio.sleep
    ) -> None:
        self._url, self._timeout, self._retries, self._sleep = url, timeout_seconds, retries, sleep

    async def notify(self, alert: Alert) -> None:
        problem = "not tried"
        async with httpx.AsyncClient(timeout=self._timeout) as client:
            for attempt in range(self._retries + 1):
                if attempt:
                    await self._sleep(min(0.2 * 2 ** (attempt - 1), 5.0))
                try:
                    answer = await client.post(self._url, json=alert_document(alert))
                except httpx.HTTPError as error:
                    problem = f"{type(error).__name__}: {error}"
                    continue
                if answer.is_success:
                    return
                problem = f"HTTP {answer.status_code}"
                if answer.is_client_error:
                    break
        raise NotificationFailed(f"webhook {self._url}: {problem} (alert {alert.key})")


class NotifierSettingError(DomainError):
    """A STAKEWISE_ALERT_WEBHOOK_* setting that cannot be used; the message names it."""


def webhook(settings: Mapping[str, str]) -> WebhookNotifier:
    url = settings.get("STAKEWISE_ALERT_WEBHOOK_URL", "")
    if not url.startswith(("http://", "https://")):
        raise NotifierSettingError(f"STAKEWISE_ALERT_WEBHOOK_URL must be an http(s) URL, not {url!r}")
    try:
        timeout = float(settings.get("STAKEWISE_ALERT_WEBHOOK_TIMEOUT_SECONDS", "5"))
        retries = int(settings.get("STAKEWISE_ALERT_WEBHOOK_RETRIES", "3"))
    except ValueError as error:
        raise NotifierSettingError(f"STAKEWISE_ALERT_WEBHOOK_*: {error}") from None
    if not (0 < timeout <= 120 and 0 <= retries <= 10):
        raise NotifierSettingError("webhook timeout must be in (0, 120] seconds and retries in 0..10")
    return WebhookNotifier(url, timeout, retries)


@hookimpl
def stakewise_notifiers() -> tuple[NotifierEntry, ...]:
    return (
        NotifierEntry("log", lambda settings: LogNotifier(), "alerts written to the log (the default)"),
        NotifierEntry("webhook", webhook, "alerts POSTed as JSON to STAKEWISE_ALERT_WEBHOOK_URL"),
    )
