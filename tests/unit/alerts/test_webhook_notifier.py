"""The webhook notifier against a real HTTP server on 127.0.0.1: delivery, retries, timeouts, final errors."""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

import pytest

from application.ports.notifier import NotificationFailed
from domain.alerts import Alert, AlertKind
from plugins.builtin.notifiers import NotifierSettingError, WebhookNotifier, webhook

if TYPE_CHECKING:
    from collections.abc import Iterator

ALERT = Alert(AlertKind.LIMIT_CHANGE, "limit_change:coral:1", "bookmaker coral", "coral's limit changed",
              datetime(2025, 3, 1, 12, tzinfo=UTC), {"bookmaker": "coral"})  # fmt: skip


class Hook(ThreadingHTTPServer):
    """Answers with the scripted statuses in turn (then 200); `slow` seconds before each answer."""

    def __init__(self, statuses: list[int], slow: float = 0.0) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.statuses, self.slow, self.received = statuses, slow, list[dict[str, Any]]()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/alerts"


class Handler(BaseHTTPRequestHandler):
    server: Hook

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.received.append(body)
        time.sleep(self.server.slow)
        status = self.server.statuses.pop(0) if self.server.statuses else 200
        self.send_response(status)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def serve() -> Iterator[Any]:
    servers: list[Hook] = []

    def start(statuses: list[int], slow: float = 0.0) -> Hook:
        server = Hook(statuses, slow)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


async def no_wait(seconds: float) -> None:
    return None


async def test_an_alert_is_posted_as_json(serve: Any) -> None:
    hook = serve([])
    await WebhookNotifier(hook.url, sleep=no_wait).notify(ALERT)
    (posted,) = hook.received
    assert posted == {"kind": "limit_change", "key": "limit_change:coral:1", "subject": "bookmaker coral",
                      "message": "coral's limit changed", "raised_at": "2025-03-01T12:00:00+00:00",
                      "details": {"bookmaker": "coral"}}  # fmt: skip


async def test_server_errors_are_retried_until_delivered(serve: Any) -> None:
    hook = serve([503, 500])
    await WebhookNotifier(hook.url, retries=3, sleep=no_wait).notify(ALERT)
    assert len(hook.received) == 3


async def test_after_its_retries_the_notifier_names_the_last_problem(serve: Any) -> None:
    hook = serve([503, 503, 503])
    with pytest.raises(NotificationFailed, match="HTTP 503"):
        await WebhookNotifier(hook.url, retries=2, sleep=no_wait).notify(ALERT)
    assert len(hook.received) == 3


async def test_a_client_error_is_not_retried(serve: Any) -> None:
    hook = serve([404])
    with pytest.raises(NotificationFailed, match="HTTP 404"):
        await WebhookNotifier(hook.url, retries=3, sleep=no_wait).notify(ALERT)
    assert len(hook.received) == 1


async def test_a_server_slower_than_the_timeout_counts_as_a_failed_attempt(serve: Any) -> None:
    hook = serve([], slow=0.5)
    started = time.monotonic()
    with pytest.raises(NotificationFailed, match="Timeout"):
        await WebhookNotifier(hook.url, timeout_seconds=0.1, retries=1, sleep=no_wait).notify(ALERT)
    assert time.monotonic() - started < 2
    assert len(hook.received) == 2


def test_the_webhook_settings_are_checked() -> None:
    with pytest.raises(NotifierSettingError, match="STAKEWISE_ALERT_WEBHOOK_URL"):
        webhook({})
    notifier = webhook(
        {"STAKEWISE_ALERT_WEBHOOK_URL": "http://127.0.0.1:1/x", "STAKEWISE_ALERT_WEBHOOK_RETRIES": "1"}
    )
    assert notifier.name == "webhook"
