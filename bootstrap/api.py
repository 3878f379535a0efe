"""The ASGI app factory of the partner API: `granian --factory bootstrap.api:create_app` (what serve runs).

It builds the same container as the command line, with a connection pool per worker process.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from dependency_injector import providers
from litestar import Litestar

from adapters.http.app import create_app as create_litestar_app
from adapters.http.settings import ApiSettings
from bootstrap.container import Container
from bootstrap.database_url import DATABASE_URL_VARIABLE

OFF = ("0", "false", "no")


def api_settings(environ: Mapping[str, str] | None = None) -> ApiSettings:
    env = os.environ if environ is None else environ
    defaults = ApiSettings()
    return ApiSettings(
        rate_limit_per_second=float(env.get("STAKEWISE_API_RATE_LIMIT", defaults.rate_limit_per_second)),
        rate_limit_burst=float(env.get("STAKEWISE_API_RATE_BURST", defaults.rate_limit_burst)),
        auth_cache_seconds=float(env.get("STAKEWISE_API_AUTH_CACHE_SECONDS", defaults.auth_cache_seconds)),
        place_on_issue=env.get("STAKEWISE_API_PLACE_ON_ISSUE", "true").strip().lower()
        not in ("0", "false", "no"),
    )


def create_app(container: Container | None = None) -> Litestar:
    """The app of one worker. A configured database URL is used as is: `stakewise serve` migrated it
    before starting the workers, and a worker must start (and answer 503) while the database is down."""
    container = container or Container()
    container.pooled_connections.override(True)
    configured = os.environ.get(DATABASE_URL_VARIABLE)
    if configured:
        container.database_url.override(providers.Object(configured))
    return create_litestar_app(container, api_settings())
