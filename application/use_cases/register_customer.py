"""Use cases: a partner registers a customer, and records the customer's deposits and withdrawals.

Both accept an Idempotency-Key: a retry with the same key and the same request gets the first answer
(one customer, one deposit); the same key with another request is refused (`idempotency-key-reused`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from application.errors import Conflict, NotFound
from application.ports.betting_unit_of_work import BettingUnitOfWork
from application.ports.clock import Clock
from application.ports.policy_engine import PolicyEngine
from application.ports.secret_source import SecretSource
from application.use_cases.issue_ticket import IDEMPOTENCY_KEY_REUSED, PolicyDenied
from application.use_cases.policy_document import deposit_policy_document
from domain.access import Principal
from domain.customers import Customer, Transaction, TransactionKind
from domain.errors import DomainError

REGISTRATION, PAYMENT = "customer-registration", "payment"


@dataclass(frozen=True, slots=True)
class RegisterCustomerRequest:
    principal: Principal
    jurisdiction: str
    date_of_birth: date
    identity_verified: bool = False
    self_excluded_until: date | None = None
    idempotency_key: str | None = None

    def fingerprint(self) -> str:
        return _fingerprint(
            self.jurisdiction, self.date_of_birth, self.identity_verified, self.self_excluded_until
        )


class RegisterCustomer:
    """Register a customer of the calling partner.

    Rules: only a partner key registers customers, for its own partner; the jurisdiction is an ISO 3166
    code (GB, DE, CA-ON...); the date of birth is not in the future; a retried request (same
    Idempotency-Key, same body) returns the customer registered the first time.
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
            key = request.idempotency_key
            if key is not None:
                earlier = await _earlier(uow, partner_id, REGISTRATION, key, request.fingerprint())
                if earlier is not None:
                    replayed = await uow.customers.get(partner_id, str(earlier["customer_id"]))
                    if replayed is None:
                        raise NotFound("customer", str(earlier["customer_id"]))
                    return replayed
            await uow.customers.add(customer)
            await uow.audit.append("customer.registered", _registration_entry(request.principal, customer))
            if key is not None:
                await uow.requests.complete(
                    partner_id, REGISTRATION, key, {"customer_id": customer.customer_id}
                )
            await uow.commit()
        return customer


@dataclass(frozen=True, slots=True)
class RecordPaymentRequest:
    principal: Principal
    customer_id: str
    kind: TransactionKind
    amount: Decimal
    idempotency_key: str | None = None

    def fingerprint(self) -> str:
        return _fingerprint(self.customer_id, self.kind.value, self.amount)


class RecordPayment:
    """Record a deposit or a withdrawal of the partner's own customer (stakes and returns are recorded by
    issuing and settling tickets, never by hand).

    Rules:
    - a deposit is decided by the compliance policy of the customer's jurisdiction (input `deposit`):
      a self-excluded customer, one in a cool-off, or a deposit over a limit (the jurisdiction's or the
      customer's own) is refused with the decision's reasons; every decision is recorded, a deny included;
    - no answer from the policy engine means nothing is recorded (fail closed);
    - a retry with the same Idempotency-Key and request records nothing more and returns the first answer.
    """

    def __init__(
        self, unit_of_work: Callable[[], BettingUnitOfWork], clock: Clock, policy: PolicyEngine
    ) -> None:
        self._unit_of_work, self._clock, self._policy = unit_of_work, clock, policy

    async def execute(self, request: RecordPaymentRequest) -> Transaction:
        if request.kind not in (TransactionKind.DEPOSIT, TransactionKind.WITHDRAWAL):
            raise DomainError(f"invalid kind {request.kind}: only deposit or withdrawal can be recorded")
        partner_id = _acting_partner(request.principal)
        now = self._clock.now()
        transaction = Transaction(request.customer_id, request.kind, request.amount, now)
        async with self._unit_of_work() as uow:
            key = request.idempotency_key
            if key is not None:
                earlier = await _earlier(uow, partner_id, PAYMENT, key, request.fingerprint())
                if earlier is not None:
                    return _transaction(earlier)
            customer = await uow.customers.lock(partner_id, request.customer_id)
            if customer is None:
                raise NotFound("customer", request.customer_id)
            if request.kind is TransactionKind.DEPOSIT:  # the transaction refers to its decision
                decision_id = await self._decide(uow, customer, transaction, key)
                transaction = Transaction(
                    customer.customer_id, request.kind, request.amount, now, decision_id
                )
            await uow.customers.add_transaction(transaction)
            if key is not None:
                await uow.requests.complete(partner_id, PAYMENT, key, _transaction_entry(transaction))
            await uow.commit()
        return transaction

    async def _decide(
        self, uow: BettingUnitOfWork, customer: Customer, transaction: Transaction, key: str | None
    ) -> str:
        activity = await uow.customers.activity(customer.customer_id, transaction.at)
        document = deposit_policy_document(customer, activity, transaction.amount, transaction.at)
        decision = await self._policy.decide(document)
        await uow.decisions.record(decision, document)
        if not decision.allow:
            if key is not None:
                await uow.requests.release(customer.partner_id, PAYMENT, key)
            await uow.commit()
            raise PolicyDenied(decision, "deposit")
        return decision.decision_id


async def _earlier(
    uow: BettingUnitOfWork, partner_id: str, scope: str, key: str, fingerprint: str
) -> dict[str, Any] | None:
    """The first answer to this key, or None when this request claimed it now."""
    earlier = await uow.requests.claim(partner_id, scope, key, fingerprint)
    if earlier is None:
        return None
    if earlier.fingerprint != fingerprint:
        raise Conflict(
            IDEMPOTENCY_KEY_REUSED, f"Idempotency-Key {key!r} was already used with a different request"
        )
    if earlier.response is None:
        raise Conflict("idempotency-key-in-use", f"Idempotency-Key {key!r} is in use")
    return earlier.response


def _registration_entry(principal: Principal, customer: Customer) -> dict[str, Any]:
    return {
        "customer_id": customer.customer_id,
        "partner_id": customer.partner_id,
        "by_key": principal.key_id,
        "jurisdiction": customer.jurisdiction,
        "identity_verified": customer.identity_verified,
        "self_excluded_until": None
        if customer.self_excluded_until is None
        else customer.self_excluded_until.isoformat(),
    }


def _fingerprint(*values: object) -> str:
    return hashlib.sha256(json.dumps([str(value) for value in values]).encode()).hexdigest()


def _transaction_entry(transaction: Transaction) -> dict[str, Any]:
    return {
        "customer_id": transaction.customer_id,
        "kind": transaction.kind.value,
        "amount": str(transaction.amount),
        "at": transaction.at.isoformat(),
        "reference": transaction.reference,
    }


def _transaction(entry: dict[str, Any]) -> Transaction:
    return Transaction(entry["customer_id"], TransactionKind(entry["kind"]), Decimal(entry["amount"]),
                       datetime.fromisoformat(entry["at"]), entry.get("reference"))  # fmt: skip


def _acting_partner(principal: Principal) -> str:
    if principal.partner_id is None:
        raise DomainError("only a key acting for a partner can manage customers")
    return principal.partner_id
