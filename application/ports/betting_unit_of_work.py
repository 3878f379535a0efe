"""Port: one transaction over everything issuing a ticket touches; nothing is stored unless it commits."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Protocol, Self

from application.audit_events import EventSource, TicketContext
from application.ports.bankroll_repository import BankrollRepository
from application.ports.competition_facts import CompetitionFactsReader
from application.ports.customer_repository import CustomerRepository
from application.ports.idempotency_store import IdempotencyStore
from application.ports.market_catalogue import MarketCatalogue
from application.ports.request_idempotency import RequestIdempotency
from application.ports.ticket_repository import TicketRepository
from domain.compliance import PolicyDecision


class DecisionLog(Protocol):
    async def record(self, decision: PolicyDecision, document: dict[str, Any]) -> None:
        """Store the decision with its input and append it to the audit log's hash chain."""
        ...


class AuditTrail(Protocol):
    async def append(self, event: str, payload: dict[str, Any]) -> None:
        """Append one event to the audit log's hash chain."""
        ...


class BettingUnitOfWork(Protocol):
    @property
    def customers(self) -> CustomerRepository: ...

    @property
    def bankrolls(self) -> BankrollRepository: ...

    @property
    def tickets(self) -> TicketRepository: ...

    @property
    def idempotency(self) -> IdempotencyStore: ...

    @property
    def decisions(self) -> DecisionLog: ...

    @property
    def audit(self) -> AuditTrail: ...

    @property
    def catalogue(self) -> MarketCatalogue: ...

    @property
    def requests(self) -> RequestIdempotency: ...

    @property
    def competitions(self) -> CompetitionFactsReader: ...

    def track(self, source: EventSource, context: TicketContext) -> None:
        """Keep the aggregate (or Recorded events): at commit its new events become audit-log entries
        (application.audit_events), appended to the chain in the same transaction."""
        ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        """Roll back whatever was not committed (the tracked aggregates' events included)."""
        ...

    async def commit(self) -> None:
        """Audit the tracked aggregates' new events, then commit everything in one transaction."""
        ...
