"""The ASGI app factory of the partner API: `granian --factory bootstrap.api:create_app` (what serve runs).

It builds the same container as the command line, with a connection pool per worker process.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dependency_injector import providers

from adapters.files.audit_anchor import BackgroundAuditAnchor
from adapters.http.app import create_app as create_litestar_app
from adapters.http.client_address import trusted_networks
from adapters.http.settings import ApiSettings
from bootstrap.container import Container
from bootstrap.observability import start_observability

if TYPE_CHECKING:
    from litestar import Litestar

    from bootstrap.settings import Settings

ANCHOR_INTERVAL_SECONDS = 0.25  # a worker writes the audit chain's head at most 4 times a second


def api_settings(settings: Settings, *, tracing: bool = False) -> ApiSettings:
    return ApiSettings(
        rate_limit_per_second=settings.api_rate_limit,
        rate_limit_burst=settings.api_rate_burst,
        auth_failure_limit=settings.api_auth_failure_limit,
        auth_failure_window_seconds=settings.api_auth_failure_window_seconds,
        trusted_proxies=trusted_networks(settings.api_trusted_proxies),  # validated by load_settings
        auth_cache_seconds=settings.api_auth_cache_seconds,
        tracing=tracing,
        metrics_key=settings.metrics_key,
        place_on_issue=settings.api_place_on_issue,
    )


def create_app(container: Container | None = None) -> Litestar:
    """The app of one worker. A configured database URL is used as is: `stakewise serve` migrated it
    before starting the workers, and a worker must start (and answer 503) while the database is down."""
    container = container or Container()
    settings: Settings = container.settings()
    tracing = start_observability(settings, "api")
    container.pooled_connections.override(True)
    if settings.database_url:
        container.database_url.override(providers.Object(settings.database_url))
    # quotes are solved in this worker's own pool of solver processes, started with the app, stopped with it
    # this worker's commits hand the audit chain's head to a background writer (no file I/O on the loop)
    anchor = BackgroundAuditAnchor(container.audit_anchor(), min_interval=ANCHOR_INTERVAL_SECONDS)
    container.audit_anchor.override(providers.Object(anchor))
    solvers = container.solver_processes()
    container.portfolio_solver.override(providers.Object(solvers))
    app = create_litestar_app(container.api_services(), api_settings(settings, tracing=tracing))
    app.on_startup.append(solvers.start)
    app.on_shutdown.append(solvers.close)
    app.on_shutdown.append(anchor.close)
    return app
