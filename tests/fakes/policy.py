"""Policy engines for unit tests of the use cases (the real engines are tested against the Rego files)."""

from __future__ import annotations

import uuid
from typing import Any

from application.errors import ServiceUnavailable
from domain.compliance import POLICY_ENGINE_UNAVAILABLE, PolicyDecision, PolicyLimits, PolicyReason


class AgeAndExclusionPolicy:
    """Denies minors and self-excluded customers; allows everything else."""

    name = "policy engine"

    async def check(self) -> None:
        return None

    def __init__(self) -> None:
        self.documents: list[dict[str, Any]] = []

    async def decide(self, document: dict[str, Any]) -> PolicyDecision:
        self.documents.append(document)
        customer = document["customer"]
        reasons: list[PolicyReason] = []
        if customer["age"] < 18:
            reasons.append(PolicyReason("minimum_age", "the customer is under 18", str(customer["age"])))
        if customer["self_excluded"]:
            reasons.append(PolicyReason("self_exclusion", "the customer is self-excluded"))
        decision_id = uuid.uuid4().hex
        return PolicyDecision(decision_id, not reasons, tuple(reasons), PolicyLimits(), "0" * 64)


class UnreachablePolicy:
    async def decide(self, document: dict[str, Any]) -> PolicyDecision:
        raise ServiceUnavailable("policy engine", POLICY_ENGINE_UNAVAILABLE)
