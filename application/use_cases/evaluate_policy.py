"""Use case: decide on one policy input document and record the decision."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from application.errors import ServiceUnavailable
from application.policy_decisions import ENGINE_UNAVAILABLE, input_errors, unavailable_decision
from application.ports.compliance_records import ComplianceRecords
from application.ports.policy_engine import PolicyEngine
from domain.compliance import PolicyDecision, PolicyReason


@dataclass(frozen=True, slots=True)
class EvaluatePolicyRequest:
    document: dict[str, Any]


@dataclass(frozen=True, slots=True)
class PolicyEvaluation:
    decision: PolicyDecision
    recorded: bool

    @property
    def input_errors(self) -> tuple[PolicyReason, ...]:
        return input_errors(self.decision)

    @property
    def engine_unavailable(self) -> bool:
        return any(reason.rule == ENGINE_UNAVAILABLE for reason in self.decision.reasons)


class EvaluatePolicy:
    """Ask the compliance policy about one input document (customer, tickets, now).

    Rules:
    - The policy bundle alone decides; the jurisdiction whose rules apply is the customer's.
    - Every decision, allow or deny, a malformed input included, is stored with its input, reasons and
      bundle hash, and appended to the audit chain, before it is returned.
    - A malformed input (a missing field, a wrong type, an unknown jurisdiction) is a deny whose reasons
      (rule `input.invalid`) name each bad field.
    - Fail closed: when the engine errs, times out or gives no decision, the answer is a deny with the
      reason "policy engine unavailable" and every limit at zero. Nothing was decided, so nothing is stored.
    - A decision that cannot be stored is not returned (ServiceUnavailable).
    """

    def __init__(self, policy: PolicyEngine, records: ComplianceRecords) -> None:
        self._policy, self._records = policy, records

    async def execute(self, request: EvaluatePolicyRequest) -> PolicyEvaluation:
        try:
            decision = await self._policy.decide(request.document)
        except ServiceUnavailable:
            return PolicyEvaluation(unavailable_decision(""), recorded=False)
        await self._records.record_decision(decision, request.document)
        return PolicyEvaluation(decision, recorded=True)
