"""Settings of the HTTP API (the composition root reads them from the environment)."""

from __future__ import annotations

from dataclasses import dataclass

from adapters.http.client_address import Network


@dataclass(frozen=True, slots=True)
class ApiSettings:
    rate_limit_per_second: float = 50.0
    rate_limit_burst: float = 100.0  # requests per window of burst / rate seconds, over all workers
    auth_failure_limit: int = 20  # failed authentications per client address per window
    auth_failure_window_seconds: float = 60.0
    trusted_proxies: tuple[Network, ...] = ()  # peers whose X-Forwarded-For names the client
    auth_cache_seconds: float = 0.0  # 0: every request reads its key (a revocation applies at once)
    max_body_bytes: int = 256 * 1024
    default_page_size: int = 50
    max_page_size: int = 200
    debug: bool = False
    tracing: bool = False  # an OpenTelemetry span per request (the settings switched tracing on)
    metrics_key: str | None = None  # the bearer key /metrics requires; None: /metrics answers 404
    place_on_issue: bool = True  # False: issued tickets wait for the workers' placement step
