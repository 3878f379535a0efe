"""The policy engine port over either evaluator (embedded OPA, or an OPA server): timeout, fail closed.

Whatever goes wrong while deciding (an engine error, a timeout, an undefined or malformed decision) is
reported as ServiceUnavailable("policy engine unavailable"): the caller issues nothing.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Protocol

from adapters.observability.tracing import tracer
from application.errors import ServiceUnavailable
from application.policy_decisions import decision_from_document
from domain.compliance import POLICY_ENGINE_UNAVAILABLE, PolicyDecision

logger = logging.getLogger(__name__)
DEFAULT_TIMEOUT_SECONDS = 2.0


class Evaluator(Protocol):
    async def evaluate(self, document: Any) -> Any: ...

    async def bundle_hash(self) -> str: ...


class DecisionIds(Protocol):
    def new_id(self) -> str: ...


class RegoPolicyEngine:
    name = "policy engine"

    def __init__(
        self, evaluator: Evaluator, ids: DecisionIds, timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS
    ) -> None:
        self.evaluator, self._ids, self._timeout = evaluator, ids, timeout_seconds

    async def decide(self, document: dict[str, Any]) -> PolicyDecision:
        with tracer.start_as_current_span("policy decide", attributes={"policy.engine": self.name}) as span:
            try:
                async with asyncio.timeout(self._timeout):
                    result = await self.evaluator.evaluate(document)
                    bundle = await self.evaluator.bundle_hash()
                decision = decision_from_document(self._ids.new_id(), bundle, result)
            except Exception as error:  # any failure at all means no decision: fail closed, never half-decide
                raise _unavailable("decide", error) from error
            span.set_attribute("policy.decision_id", decision.decision_id)
            span.set_attribute("policy.allow", decision.allow)
            span.set_attribute("policy.rules", [reason.rule for reason in decision.reasons])
            return decision

    async def check(self) -> None:
        """Readiness: the engine answers and names its bundle."""
        try:
            async with asyncio.timeout(self._timeout):
                await self.evaluator.bundle_hash()
        except Exception as error:
            raise _unavailable("check", error) from error


def _unavailable(action: str, error: Exception) -> ServiceUnavailable:
    cause = "timed out" if isinstance(error, TimeoutError) else f"{type(error).__name__}: {error}"
    logger.warning("policy engine unavailable (%s): %s", action, cause)
    return ServiceUnavailable("policy engine", POLICY_ENGINE_UNAVAILABLE)
