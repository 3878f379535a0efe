"""Use cases: a partner registers a customer, and records the customer's deposits and withdrawals."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from application.errors import NotFound
from application.ports.betting_unit_of_work import BettingUnitOfWork
from application.ports.clock import Clock
from application.ports.secret_source import SecretSource
from domain.access import Principal
from domain.customers import Customer, Transaction, TransactionKind
from domain.errors import DomainError


@dataclass(frozen=True, slots=True)
class RegisterCustomerRequest:
    principal: Principal
    jurisdiction: str
    date_of_birth: date
    identity_verified: bool = False
    self_excluded_until: date | None = None


class RegisterCustomer:
    """Register a customer of the calling partner.

    Rules: only a partner key registers customers, for its own partner; the jurisdiction is an ISO 3166
    code (GB, DE, CA-ON...); the date of birth is not in the future.
    """

    def __init__(self, unit_of_work: Callable[[], BettingUnitOfWork], clock: Clock, secrets: SecretSource):
        self._unit_of_work, self._clock, self._secrets = unit_of_work, clock, secrets

    async def execute(self, request: RegisterCustomerRequest) -> Customer:
        partner_id = _acting_partner(request.principal)
        if request.date_of_birth > self._clock.now().date():
            raise DomainError(f"invalid date_of_birth {request.date_of_birth}: in the future")
        customer = Customer(self._secrets.new_id(), partner_id, request.jurisdiction, request.date_of_birth,
                            request.identity_verified, request.self_excluded_until)  # fmt: skip
        async with self._unit_of_work() as uow:
            await uow.customers.add(customer)
            await uow.commit()
        return customer


@dataclass(frozen=True, slots=True)
class RecordPaymentRequest:
    principal: Principal
    customer_id: str
    kind: TransactionKind
    amount: Decimal


class RecordPayment:
    """Record a deposit or a withdrawal of the partner's own customer (stakes and returns are recorded by
    issuing and settling tickets, never by hand)."""

    def __init__(self, unit_of_work: Callable[[], BettingUnitOfWork], clock: Clock) -> None:
        self._unit_of_work, self._clock = unit_of_work, clock

    async def execute(self, request: RecordPaymentRequest) -> Transaction:
        if request.kind not in (TransactionKind.DEPOSIT, TransactionKind.WITHDRAWAL):
            raise DomainError(f"invalid kind {request.kind}: only deposit or withdrawal can be recorded")
        partner_id = _acting_partner(request.principal)
        transaction = Transaction(request.customer_id, request.kind, request.amount, self._clock.now())
        async with self._unit_of_work() as uow:
            if await uow.customers.lock(partner_id, request.customer_id) is None:
                raise NotFound("customer", request.customer_id)
            await uow.customers.add_transaction(transaction)
            await uow.commit()
        return transaction


def _acting_partner(principal: Principal) -> str:
    if principal.partner_id is None:
        raise DomainError("only a key acting for a partner can manage customers")
    return principal.partner_id
