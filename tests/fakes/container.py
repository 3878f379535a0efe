"""The composition root over in-memory fakes: the container of bootstrap/container.py, adapters overridden.

Tests get their use cases from it by type (`container.use_cases()(IssueTicket)`), exactly as the API, the
command line and the workers do; only the adapters differ. `InMemoryAdapters` keeps the fakes, so a test can
seed and inspect them; `memory_container(adapters, model_registry=registry, ...)` overrides any further
provider of the container with an object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from dependency_injector import providers

from adapters.http.services import ReadinessProbe
from application.ports.policy_engine import PolicyEngine
from application.ports.secret_source import SecretSource
from application.use_cases.issue_ticket import MarketRules
from bootstrap.container import Container
from bootstrap.settings import load_settings
from domain.tickets import HouseLimits
from tests.fakes.access import InMemoryAccessRepository, RandomSecrets, SteppingClock
from tests.fakes.alerts import InMemoryAlertStore
from tests.fakes.betting import InMemoryDatabase, InMemoryUnitOfWork
from tests.fakes.bookmaking import PaperBookmaking
from tests.fakes.compliance import InMemoryComplianceRecords
from tests.fakes.market import InMemoryMarketData
from tests.fakes.placements import InMemoryPlacementUnitOfWork
from tests.fakes.policy import AgeAndExclusionPolicy
from tests.fakes.predictions import InMemoryLatestPrices, InMemoryPredictionStore
from tests.fakes.rate_limits import InMemoryRateCounter
from tests.fakes.settlements import InMemorySettlementUnitOfWork

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from plugins.gateways import PluginGateways

UseCase = TypeVar("UseCase")


@dataclass
class InMemoryAdapters:
    """The in-memory fakes of the ports the partner API, tickets, placing and settling use."""

    access: InMemoryAccessRepository = field(default_factory=InMemoryAccessRepository)
    database: InMemoryDatabase = field(default_factory=InMemoryDatabase)
    policy: PolicyEngine = field(default_factory=AgeAndExclusionPolicy)
    house_limits: HouseLimits = field(default_factory=HouseLimits)
    clock: Any = field(default_factory=SteppingClock)  # a SteppingClock, or any Clock a test brings
    secrets: SecretSource = field(default_factory=RandomSecrets)
    probes: list[ReadinessProbe] = field(default_factory=list)
    market: InMemoryMarketData = field(default_factory=InMemoryMarketData)
    predictions: InMemoryPredictionStore = field(default_factory=InMemoryPredictionStore)
    latest_prices: InMemoryLatestPrices = field(default_factory=InMemoryLatestPrices)
    bookmaking: PaperBookmaking = field(default_factory=lambda: PaperBookmaking())
    # a stopped clock: every request of a unit test falls in the same rate-limit window
    compliance: InMemoryComplianceRecords = field(default_factory=InMemoryComplianceRecords)
    rate_limits: InMemoryRateCounter = field(default_factory=lambda: InMemoryRateCounter(lambda: 1000.5))
    alerts: InMemoryAlertStore = field(init=False)

    def __post_init__(self) -> None:
        self.alerts = InMemoryAlertStore(self.database)

    def uow(self) -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(self.database)

    def gateways(self) -> PluginGateways:
        return self.bookmaking.gateways(self.clock)


@dataclass
class MemoryWorld:
    """A scenario's world on the in-memory adapters: the database, keys, clock and ids it shares with the
    use cases the real container builds on them (`use`)."""

    database: InMemoryDatabase = field(default_factory=InMemoryDatabase)
    access: InMemoryAccessRepository = field(default_factory=InMemoryAccessRepository)
    clock: Any = field(default_factory=SteppingClock)  # a SteppingClock, or any Clock a world brings
    secrets: RandomSecrets = field(default_factory=RandomSecrets)
    container: Container = field(init=False)

    def __post_init__(self) -> None:
        adapters = InMemoryAdapters(
            database=self.database, access=self.access, clock=self.clock, secrets=self.secrets
        )
        self.container = memory_container(adapters)

    def use(self, kind: type[UseCase]) -> UseCase:
        return use_case(self.container, kind)


def no_database() -> None:
    raise AssertionError("a test on the memory container asked for the database engine")


def memory_container(
    adapters: InMemoryAdapters | None = None,
    *,
    factories: Mapping[str, Callable[[], object]] | None = None,
    **objects: object,
) -> Container:
    """The real container with every adapter of `adapters` in place of PostgreSQL, OPA and the bookmakers;
    each keyword overrides the container's provider of that name with the object, each of `factories` with
    a factory (for the providers handed on as factories: units of work, stores)."""
    adapters = adapters or InMemoryAdapters()
    container = Container()
    container.settings.override(providers.Object(load_settings({})))  # the defaults, whatever the environment
    container.on_shutdown.override(providers.Object([]))
    container.audit_anchor.override(providers.Object(None))  # the fakes keep their audit chain unanchored
    # read when a use case is built, so that a test may replace a fake (e.g. the clock) on the way
    for name, attribute in {
        "clock": "clock",
        "secrets": "secrets",
        "access_repository": "access",
        "policy_engine": "policy",
        "compliance_records": "compliance",
        "market_data": "market",
        "prediction_store": "predictions",
        "latest_prices": "latest_prices",
        "alert_store": "alerts",
        "rate_counter": "rate_limits",
        "readiness_probes": "probes",
    }.items():
        getattr(container, name).override(providers.Callable(getattr, adapters, attribute))
    made: dict[str, Callable[[], object]] = {
        "market_rules": lambda: MarketRules(house_limits=adapters.house_limits),
        "engine": no_database,
        "betting_unit_of_work": adapters.uow,
        "placement_unit_of_work": lambda: InMemoryPlacementUnitOfWork(adapters.database),
        "settlement_unit_of_work": lambda: InMemorySettlementUnitOfWork(adapters.database),
        "bookmaker_gateways": adapters.gateways,
    }
    for name, factory in {**made, **(factories or {})}.items():
        getattr(container, name).override(providers.Factory(factory))
    for name, value in objects.items():
        getattr(container, name).override(providers.Object(value))
    return container


def use_case(container: Container, kind: type[UseCase], **arguments: object) -> UseCase:
    """A new `kind` from the container (the use case's runtime arguments, e.g. `progress`, as keywords)."""
    return container.use_cases()(kind, **arguments)
