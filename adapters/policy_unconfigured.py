"""The policy engine used when none is configured: every decision fails closed, so nothing is issued."""

from __future__ import annotations

from typing import Any

from application.errors import ServiceUnavailable
from domain.compliance import POLICY_ENGINE_UNAVAILABLE, PolicyDecision


class UnconfiguredPolicyEngine:
    name = "policy engine"

    async def decide(self, document: dict[str, Any]) -> PolicyDecision:
        raise ServiceUnavailable("policy engine", POLICY_ENGINE_UNAVAILABLE)

    async def check(self) -> None:
        raise ServiceUnavailable("policy engine", POLICY_ENGINE_UNAVAILABLE)
