"""Port: the compliance policy engine (the rules live in the Rego policy bundle, never in Python)."""

from __future__ import annotations

from typing import Any, Protocol

from domain.compliance import PolicyDecision


class PolicyEngine(Protocol):
    async def decide(self, document: dict[str, Any]) -> PolicyDecision:
        """A decision on the input document (schema: docs/auditors.md), with a fresh decision id and the
        hash of the bundle that made it. Raises ServiceUnavailable when the engine errs, times out or
        returns no decision: callers fail closed."""
        ...
