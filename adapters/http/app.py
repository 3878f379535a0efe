"""The Litestar application factory: controllers, problem+json handlers, authentication, metrics, docs."""

from __future__ import annotations

import re
from collections.abc import Callable

from litestar import Litestar
from litestar.config.app import AppConfig
from litestar.di import Provide
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, SecurityScheme
from litestar.plugins import InitPluginProtocol

from adapters.http.controllers.alerts import AlertController
from adapters.http.controllers.bankrolls import BankrollController
from adapters.http.controllers.common import PRINCIPAL
from adapters.http.controllers.customers import CustomerController
from adapters.http.controllers.health import HealthController, readiness_dependency
from adapters.http.controllers.market import DecisionController, MarketController, RegistryController
from adapters.http.controllers.me import MeController
from adapters.http.controllers.tickets import SettlementController, TicketController
from adapters.http.docs import assets_router, render_plugins
from adapters.http.metrics import metrics_controller
from adapters.http.observability import ACCESS_LOG, HTTP_METRICS, RequestIdMiddleware, response_hook
from adapters.http.openapi import refine
from adapters.http.problems import exception_handlers
from adapters.http.rate_limits import Limit
from adapters.http.security import ApiKeyMiddleware, CachedAuthenticator, RateLimits
from adapters.http.services import ApiServices
from adapters.http.settings import ApiSettings
from application.use_cases.authenticate_api_key import AuthenticateApiKey, AuthenticateRequest
from application.use_cases.betting_queries import (
    GetBankroll,
    GetCustomer,
    GetLedger,
    GetTicket,
    ListBankrolls,
    ListCustomers,
    ListSettlements,
    ListTickets,
)
from application.use_cases.check_alerts import ListAlerts
from application.use_cases.issue_ticket import IssueTicket
from application.use_cases.place_ticket import PlaceTicket
from application.use_cases.quote_tickets import QuoteTickets
from application.use_cases.read_models import (
    GetDecision,
    GetFixture,
    ListDecisions,
    ListEdges,
    ListFixtures,
    ListModels,
)
from application.use_cases.register_customer import RecordPayment, RegisterCustomer
from application.use_cases.set_bankroll_risk import SetBankrollRisk
from application.use_cases.update_customer import UpdateCustomer
from domain.access import Principal

# the handlers' use cases, by type: a handler takes `issue_ticket: NamedDependency[IssueTicket]`, the
# dependency named after its class (dependency_name); the factory comes from the container by that class
USE_CASES: tuple[type, ...] = (
    IssueTicket, PlaceTicket, QuoteTickets, GetTicket, ListTickets, RegisterCustomer, RecordPayment,
    GetCustomer, ListCustomers, GetBankroll, ListBankrolls, GetLedger, ListFixtures, GetFixture, ListEdges,
    ListModels, ListDecisions, GetDecision, ListSettlements, ListAlerts, UpdateCustomer, SetBankrollRisk,
)  # fmt: skip
CONTROLLERS = [HealthController, MeController, TicketController, CustomerController,
               BankrollController, MarketController, RegistryController, DecisionController,
               SettlementController, AlertController]  # fmt: skip
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
        metrics = metrics_controller(self.settings.metrics_key)
        app_config.route_handlers += [*CONTROLLERS, metrics, assets_router()]
        app_config.dependencies.update(self._dependencies())
        app_config.middleware = [
            *_tracing(self.settings.tracing),
            RequestIdMiddleware,
            self._authentication(),
            *app_config.middleware,
        ]
        app_config.exception_handlers.update(exception_handlers())
        app_config.before_send.append(response_hook(trace_ids=self.settings.tracing))
        app_config.on_startup.append(refine)
        app_config.on_shutdown += [*self.services.on_shutdown(), ACCESS_LOG.flush, HTTP_METRICS.flush]
        app_config.request_max_body_size = self.settings.max_body_bytes
        return app_config

    def _dependencies(self) -> dict[str, Provide]:
        services = self.services
        factories: dict[str, Callable[[], object]] = {
            dependency_name(kind): services.use_cases.factory(kind) for kind in USE_CASES
        }
        if not self.settings.place_on_issue:
            factories[dependency_name(PlaceTicket)] = _no_placing
        return {
            **{name: _provide(factory) for name, factory in factories.items()},
            **PRINCIPAL,
            "probes": readiness_dependency(services.readiness_probes()),
        }

    def _authentication(self) -> DefineMiddleware:
        use_case = self.services.use_cases.factory(AuthenticateApiKey)

        async def authenticate(raw_key: str) -> Principal:
            return await use_case().execute(AuthenticateRequest(raw_key))

        settings = self.settings
        limits = RateLimits(
            self.services.rate_counter(),
            Limit.of_rate(settings.rate_limit_per_second, settings.rate_limit_burst),
            Limit(settings.auth_failure_limit, settings.auth_failure_window_seconds),
        )
        cached = CachedAuthenticator(authenticate, settings.auth_cache_seconds)
        return DefineMiddleware(
            ApiKeyMiddleware,
            authenticate=cached,
            limits=limits,
            exclude=PUBLIC_PATHS,
            trusted_proxies=settings.trusted_proxies,
        )


def dependency_name(kind: type) -> str:
    """The name under which a handler receives a use case: its class in snake case (issue_ticket)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", kind.__name__).lower()


def _tracing(enabled: bool) -> list[DefineMiddleware]:
    """A span per request (incoming `traceparent` honoured), only when tracing is on: it costs otherwise."""
    if not enabled:
        return []
    from litestar.plugins.opentelemetry import OpenTelemetryConfig

    return [OpenTelemetryConfig(exclude=["^/schema/assets"], exclude_spans=["receive", "send"]).middleware]


def _no_placing() -> None:
    return None


def _provide(factory: Callable[[], object]) -> Provide:
    """Wrap a container factory in Litestar's own Provide (dependency-injector markers clash with it)."""

    def provide() -> object:
        return factory()

    return Provide(provide, sync_to_thread=False, use_cache=False)


def openapi_config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="stakewise partner API",
        version="1.0.0",
        description=API_DESCRIPTION,
        path="/schema",
        render_plugins=render_plugins(),
        components=Components(
            security_schemes={
                "ApiKey": SecurityScheme(type="http", scheme="bearer", description="sw_<key id>_<secret>")
            }
        ),
        security=[{"ApiKey": []}],
    )


def create_app(services: ApiServices, settings: ApiSettings | None = None) -> Litestar:
    settings = settings or ApiSettings()
    return Litestar(
        plugins=[StakewiseApi(services, settings)],
        openapi_config=openapi_config(),
        debug=False,
        logging_config=None,
    )
