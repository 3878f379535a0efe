"""The Litestar application factory: controllers, problem+json handlers, authentication, metrics, docs."""

from __future__ import annotations

from litestar import Litestar
from litestar.config.app import AppConfig
from litestar.di import Provide
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.plugins import InitPluginProtocol
from litestar.plugins.prometheus import PrometheusController

from adapters.http.controllers.health import HealthController, readiness_dependency
from adapters.http.observability import RequestIdMiddleware, configure_json_logging, prometheus_config
from adapters.http.problems import exception_handlers
from adapters.http.security import ApiKeyMiddleware, CachedAuthenticator, RateLimiter
from adapters.http.services import ApiServices
from adapters.http.settings import ApiSettings
from application.use_cases.authenticate_api_key import AuthenticateRequest
from domain.access import Principal

PUBLIC_PATHS = ["^/health/", "^/metrics", "^/schema", "^/v1/ping$"]
API_DESCRIPTION = """The stakewise partner API.

Authenticate with `Authorization: Bearer <API key>`. Errors are RFC 9457 problem details
(`application/problem+json`) with a stable `type` URI per kind of error. Lists are paginated with an
opaque `cursor`: pass a response's `next_cursor` to get the next page.
"""


class StakewiseApi(InitPluginProtocol):
    """Registers controllers, dependencies, middleware and exception handlers on the app."""

    def __init__(self, services: ApiServices, settings: ApiSettings) -> None:
        self.services, self.settings = services, settings

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        app_config.route_handlers += [HealthController, PrometheusController]
        app_config.dependencies.update(self._dependencies())
        app_config.middleware = [
            RequestIdMiddleware,
            prometheus_config().middleware,
            self._authentication(),
            *app_config.middleware,
        ]
        app_config.exception_handlers.update(exception_handlers())
        app_config.on_shutdown += list(self.services.on_shutdown())
        app_config.request_max_body_size = self.settings.max_body_bytes
        return app_config

    def _dependencies(self) -> dict[str, Provide]:
        return {"probes": readiness_dependency(self.services.readiness_probes())}

    def _authentication(self) -> DefineMiddleware:
        use_case = self.services.authenticate_api_key

        async def authenticate(raw_key: str) -> Principal:
            return await use_case().execute(AuthenticateRequest(raw_key))

        limiter = RateLimiter(self.settings.rate_limit_per_second, self.settings.rate_limit_burst)
        cached = CachedAuthenticator(authenticate, self.settings.auth_cache_seconds)
        return DefineMiddleware(ApiKeyMiddleware, authenticate=cached, limiter=limiter, exclude=PUBLIC_PATHS)


def openapi_config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="stakewise partner API",
        version="1.0.0",
        description=API_DESCRIPTION,
        path="/schema",
        render_plugins=[ScalarRenderPlugin(), SwaggerRenderPlugin()],
        components=Components(
            security_schemes={
                "ApiKey": SecurityScheme(type="http", scheme="bearer", description="sw_<key id>_<secret>")
            }
        ),
        security=[{"ApiKey": []}],
    )


def create_app(services: ApiServices, settings: ApiSettings | None = None) -> Litestar:
    settings = settings or ApiSettings()
    configure_json_logging()
    return Litestar(
        plugins=[StakewiseApi(services, settings)],
        openapi_config=openapi_config(),
        debug=False,
        logging_config=None,
    )
