"""Use case: a partner changes a customer's compliance state (PATCH /v1/customers/{id})."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from application.errors import NotFound
from application.ports.betting_unit_of_work import BettingUnitOfWork
from application.ports.clock import Clock
from application.ports.policy_engine import PolicyEngine
from application.use_cases.issue_ticket import PolicyDenied
from application.use_cases.policy_document import change_policy_document
from domain.access import Principal
from domain.customers import Customer, CustomerChange, DepositLimit
from domain.errors import DomainError

CUSTOMER_CHANGED = "customer.changed"
PROTECTIONS = ("self_excluded_until", "cool_off_until")  # changes the policy decides on


@dataclass(frozen=True, slots=True)
class UpdateCustomerRequest:
    principal: Principal
    customer_id: str
    change: CustomerChange


class UpdateCustomer:
    """Change a customer's self-exclusion, cool-off, identity verification or chosen deposit limits.

    Rules:
    - only a partner key changes customers, and only its own (another partner's customer is "not found");
    - a change with no field is refused (nothing to do);
    - the change and its audit entry (`customer.changed`: who, when, every field's old and new value) are
      committed together;
    - a change to a protection (self-exclusion, cool-off) is decided by the compliance policy (input
      `change`): one still running may not be shortened or lifted where the jurisdiction forbids it; the
      decision is recorded, a deny included, and a deny changes nothing (422 policy-denied);
    - a deposit limit keeps the one it replaces and the time of the change: whether a raised limit applies
      yet is decided by the policy at each deposit (the jurisdiction's waiting period), never here.
    """

    def __init__(
        self, unit_of_work: Callable[[], BettingUnitOfWork], clock: Clock, policy: PolicyEngine
    ) -> None:
        self._unit_of_work, self._clock, self._policy = unit_of_work, clock, policy

    async def execute(self, request: UpdateCustomerRequest) -> Customer:
        partner_id = request.principal.partner_id
        if partner_id is None:
            raise DomainError("only a key acting for a partner can change customers")
        if request.change.empty:
            raise DomainError("nothing to change: give at least one field")
        now = self._clock.now()
        async with self._unit_of_work() as uow:
            before = await uow.customers.lock(partner_id, request.customer_id)
            if before is None:
                raise NotFound("customer", request.customer_id)
            after = before.changed(request.change, now)
            protections = {
                name: (getattr(before, name), getattr(after, name))
                for name in PROTECTIONS
                if getattr(before, name) != getattr(after, name)
            }
            if protections:
                document = change_policy_document(
                    before, await uow.customers.activity(before.customer_id, now), protections, now
                )
                decision = await self._policy.decide(document)
                await uow.decisions.record(decision, document)
                if not decision.allow:
                    await uow.commit()
                    raise PolicyDenied(decision, "change")
            await uow.customers.update(after)
            await uow.audit.append(CUSTOMER_CHANGED, change_entry(request.principal, before, after, now))
            await uow.commit()
        return after


def change_entry(principal: Principal, before: Customer, after: Customer, at: datetime) -> dict[str, Any]:
    """The audit entry of a change: who (key, partner), when, and each changed field's old and new value."""
    fields = ("self_excluded_until", "cool_off_until", "identity_verified")
    changes = {
        name: {"old": _plain(getattr(before, name)), "new": _plain(getattr(after, name))}
        for name in fields
        if getattr(before, name) != getattr(after, name)
    }
    for window, limit in after.deposit_limits.items():
        if before.deposit_limits.get(window) != limit:
            changes[f"deposit_limit_{window}"] = {"old": _plain(limit.previous), "new": _plain(limit.value)}
    return {
        "customer_id": after.customer_id,
        "partner_id": after.partner_id,
        "by_key": principal.key_id,
        "at": at.isoformat(),
        "changes": changes,
    }


def _plain(value: object) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, DepositLimit):
        return _plain(value.value)
    return value
