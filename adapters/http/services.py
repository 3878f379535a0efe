"""What the HTTP API needs from the composition root: one factory per use case, plus life-cycle hooks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

from adapters.http.rate_limits import RateCounter
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


class ReadinessProbe(Protocol):
    """One dependency the API needs in order to serve (the database, the policy engine...)."""

    @property
    def name(self) -> str: ...

    async def check(self) -> None:
        """Return when the dependency answers; raise ServiceUnavailable otherwise."""
        ...


class ApiServices(Protocol):
    @property
    def authenticate_api_key(self) -> Callable[[], AuthenticateApiKey]: ...

    @property
    def issue_ticket(self) -> Callable[[], IssueTicket]: ...

    @property
    def place_ticket(self) -> Callable[[], PlaceTicket]: ...

    @property
    def quote_tickets(self) -> Callable[[], QuoteTickets]: ...

    @property
    def get_ticket(self) -> Callable[[], GetTicket]: ...

    @property
    def list_tickets(self) -> Callable[[], ListTickets]: ...

    @property
    def register_customer(self) -> Callable[[], RegisterCustomer]: ...

    @property
    def record_payment(self) -> Callable[[], RecordPayment]: ...

    @property
    def update_customer(self) -> Callable[[], UpdateCustomer]: ...

    @property
    def set_bankroll_risk(self) -> Callable[[], SetBankrollRisk]: ...

    @property
    def list_settlements(self) -> Callable[[], ListSettlements]: ...

    @property
    def get_customer(self) -> Callable[[], GetCustomer]: ...

    @property
    def list_customers(self) -> Callable[[], ListCustomers]: ...

    @property
    def get_bankroll(self) -> Callable[[], GetBankroll]: ...

    @property
    def list_bankrolls(self) -> Callable[[], ListBankrolls]: ...

    @property
    def get_ledger(self) -> Callable[[], GetLedger]: ...

    @property
    def list_fixtures(self) -> Callable[[], ListFixtures]: ...

    @property
    def get_fixture(self) -> Callable[[], GetFixture]: ...

    @property
    def list_edges(self) -> Callable[[], ListEdges]: ...

    @property
    def list_models(self) -> Callable[[], ListModels]: ...

    @property
    def list_decisions(self) -> Callable[[], ListDecisions]: ...

    @property
    def get_decision(self) -> Callable[[], GetDecision]: ...

    @property
    def list_alerts(self) -> Callable[[], ListAlerts]: ...

    @property
    def rate_counter(self) -> Callable[[], RateCounter]: ...

    @property
    def readiness_probes(self) -> Callable[[], Sequence[ReadinessProbe]]: ...

    @property
    def on_shutdown(self) -> Callable[[], Sequence[Callable[[], Awaitable[None]]]]: ...
