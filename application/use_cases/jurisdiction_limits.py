"""Use case: the limits the compliance policy sets for staking in one jurisdiction."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from application.policy_decisions import input_errors
from application.ports.clock import Clock
from application.ports.policy_engine import PolicyEngine
from domain.compliance import PolicyDecision
from domain.errors import DomainError

NO_ACTIVITY = {"24h": 0, "7d": 0, "30d": 0}


@dataclass(frozen=True, slots=True)
class JurisdictionLimitsRequest:
    jurisdiction: str
    customer: Mapping[str, Any] | None = None
    """The `customer` object of the policy input (docs/auditors.md); None: the standard profile."""


class JurisdictionLimits:
    """Ask the policy engine which limits apply before any ticket is proposed.

    Rules:
    - the input is the policy's own document with no tickets; its customer is the one given, or else the
      standard profile: an identity-verified adult of 30, not self-excluded, with no deposits, losses or
      stakes in any window, in the jurisdiction asked for (so the figures are the jurisdiction's own);
    - a customer given with another jurisdiction is refused;
    - an input the policy finds invalid (an unknown jurisdiction...) is refused with the policy's words;
    - an engine that does not answer raises ServiceUnavailable: nothing is optimised (fail closed).
    """

    def __init__(self, policy: PolicyEngine, clock: Clock) -> None:
        self._policy, self._clock = policy, clock

    async def execute(self, request: JurisdictionLimitsRequest) -> PolicyDecision:
        customer = dict(request.customer) if request.customer is not None else _standard(request.jurisdiction)
        if customer.get("jurisdiction") != request.jurisdiction:
            raise DomainError(
                f"customer.jurisdiction {customer.get('jurisdiction')!r} is not the jurisdiction "
                f"asked for ({request.jurisdiction})"
            )
        now = self._clock.now().isoformat().replace("+00:00", "Z")
        decision = await self._policy.decide({"customer": customer, "tickets": [], "now": now})
        problems = input_errors(decision)
        if problems:
            raise DomainError("invalid policy input: " + "; ".join(reason.message for reason in problems))
        return decision


def _standard(jurisdiction: str) -> dict[str, Any]:
    return {
        "id": "standard-profile",
        "age": 30,
        "jurisdiction": jurisdiction,
        "self_excluded": False,
        "identity_verified": True,
        "cool_off_until": None,
        "deposits": dict(NO_ACTIVITY),
        "losses": dict(NO_ACTIVITY),
        "stakes": dict(NO_ACTIVITY),
    }
