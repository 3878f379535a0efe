"""The API's services built over in-memory fakes: the same use cases the container wires, other adapters."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from adapters.http.services import ReadinessProbe
from adapters.optimizer.solvers import SolverThread
from application.ports.policy_engine import PolicyEngine
from application.ports.secret_source import SecretSource
from application.use_cases.authenticate_api_key import AuthenticateApiKey
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
from application.use_cases.optimize_portfolio import OptimizePortfolio
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
from bootstrap.optimizer import portfolio_optimizer
from domain.tickets import HouseLimits
from tests.fakes.access import InMemoryAccessRepository, RandomSecrets, SteppingClock
from tests.fakes.alerts import MemoryAlertStore
from tests.fakes.betting import MemoryDatabase, MemoryUnitOfWork
from tests.fakes.bookmaking import PaperBookmaking
from tests.fakes.market import InMemoryMarketData
from tests.fakes.placements import MemoryPlacementUnitOfWork
from tests.fakes.policy import AgeAndExclusionPolicy
from tests.fakes.predictions import InMemoryLatestPrices, InMemoryPredictionStore
from tests.fakes.rate_limits import MemoryRateCounter

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Sequence

    from plugins.gateways import PluginGateways


@dataclass
class FakeServices:
    access: InMemoryAccessRepository = field(default_factory=InMemoryAccessRepository)
    database: MemoryDatabase = field(default_factory=MemoryDatabase)
    policy: PolicyEngine = field(default_factory=AgeAndExclusionPolicy)
    house_limits: HouseLimits = field(default_factory=HouseLimits)
    clock: SteppingClock = field(default_factory=SteppingClock)
    secrets: SecretSource = field(default_factory=RandomSecrets)
    probes: list[ReadinessProbe] = field(default_factory=list)
    market: InMemoryMarketData = field(default_factory=InMemoryMarketData)
    predictions: InMemoryPredictionStore = field(default_factory=InMemoryPredictionStore)
    latest_prices: InMemoryLatestPrices = field(default_factory=InMemoryLatestPrices)
    bookmaking: PaperBookmaking = field(default_factory=lambda: PaperBookmaking())
    # a stopped clock: every request of a unit test falls in the same rate-limit window
    rate_limits: MemoryRateCounter = field(default_factory=lambda: MemoryRateCounter(lambda: 1000.5))
    alerts: MemoryAlertStore = field(init=False)

    def __post_init__(self) -> None:
        self.alerts = MemoryAlertStore(self.database)

    @property
    def gateways(self) -> PluginGateways:
        return self.bookmaking.gateways(self.clock)

    def uow(self) -> MemoryUnitOfWork:
        return MemoryUnitOfWork(self.database)

    @property
    def rate_counter(self) -> Callable[[], MemoryRateCounter]:
        return lambda: self.rate_limits

    @property
    def authenticate_api_key(self) -> Callable[[], AuthenticateApiKey]:
        return lambda: AuthenticateApiKey(self.access, self.clock)

    @property
    def issue_ticket(self) -> Callable[[], IssueTicket]:
        return lambda: IssueTicket(self.uow, self.policy, self.clock, self.secrets)

    @property
    def place_ticket(self) -> Callable[[], PlaceTicket]:
        return lambda: PlaceTicket(
            lambda: MemoryPlacementUnitOfWork(self.database), self.gateways, self.clock
        )

    @property
    def quote_tickets(self) -> Callable[[], QuoteTickets]:
        return lambda: QuoteTickets(
            self.uow,
            self.policy,
            SolverThread(OptimizePortfolio(portfolio_optimizer())),
            self.clock,
            self.predictions,
            self.latest_prices,
            frozenset({"maximum", "average"}),  # the built-in market aggregates
            self.house_limits,
        )

    @property
    def get_ticket(self) -> Callable[[], GetTicket]:
        return lambda: GetTicket(self.uow)

    @property
    def list_tickets(self) -> Callable[[], ListTickets]:
        return lambda: ListTickets(self.uow)

    @property
    def register_customer(self) -> Callable[[], RegisterCustomer]:
        return lambda: RegisterCustomer(self.uow, self.clock, self.secrets)

    @property
    def record_payment(self) -> Callable[[], RecordPayment]:
        return lambda: RecordPayment(self.uow, self.clock, self.policy)

    @property
    def update_customer(self) -> Callable[[], UpdateCustomer]:
        return lambda: UpdateCustomer(self.uow, self.clock, self.policy)

    @property
    def set_bankroll_risk(self) -> Callable[[], SetBankrollRisk]:
        return lambda: SetBankrollRisk(self.uow, self.clock)

    @property
    def list_settlements(self) -> Callable[[], ListSettlements]:
        return lambda: ListSettlements(self.uow)

    @property
    def list_alerts(self) -> Callable[[], ListAlerts]:
        return lambda: ListAlerts(lambda: self.alerts)

    @property
    def get_customer(self) -> Callable[[], GetCustomer]:
        return lambda: GetCustomer(self.uow)

    @property
    def list_customers(self) -> Callable[[], ListCustomers]:
        return lambda: ListCustomers(self.uow)

    @property
    def get_bankroll(self) -> Callable[[], GetBankroll]:
        return lambda: GetBankroll(self.uow)

    @property
    def list_bankrolls(self) -> Callable[[], ListBankrolls]:
        return lambda: ListBankrolls(self.uow)

    @property
    def get_ledger(self) -> Callable[[], GetLedger]:
        return lambda: GetLedger(self.uow)

    @property
    def list_fixtures(self) -> Callable[[], ListFixtures]:
        return lambda: ListFixtures(self.market, self.clock)

    @property
    def get_fixture(self) -> Callable[[], GetFixture]:
        return lambda: GetFixture(self.market, self.clock)

    @property
    def list_edges(self) -> Callable[[], ListEdges]:
        return lambda: ListEdges(self.market)

    @property
    def list_models(self) -> Callable[[], ListModels]:
        return lambda: ListModels(self.market)

    @property
    def list_decisions(self) -> Callable[[], ListDecisions]:
        return lambda: ListDecisions(self.market)

    @property
    def get_decision(self) -> Callable[[], GetDecision]:
        return lambda: GetDecision(self.market)

    @property
    def readiness_probes(self) -> Callable[[], Sequence[ReadinessProbe]]:
        return lambda: self.probes

    @property
    def on_shutdown(self) -> Callable[[], Sequence[Callable[[], Awaitable[None]]]]:
        return list
