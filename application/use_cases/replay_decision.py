"""Use case: re-run a stored policy decision and compare the answer with the recorded one."""

from __future__ import annotations

from dataclasses import dataclass

from application.errors import NotFound
from application.policy_decisions import decision_from_document
from application.ports.compliance_records import ComplianceRecords, StoredDecision
from application.ports.policy_engine import PolicyEngine
from domain.compliance import PolicyDecision, PolicyLimits


@dataclass(frozen=True, slots=True)
class ReplayRequest:
    decision_id: str


@dataclass(frozen=True, slots=True)
class Replay:
    stored: StoredDecision
    recorded: PolicyDecision
    replayed: PolicyDecision
    differences: tuple[str, ...]

    @property
    def same_answer(self) -> bool:
        return not self.differences

    @property
    def same_bundle(self) -> bool:
        return self.recorded.bundle_hash == self.replayed.bundle_hash


class ReplayDecision:
    """Re-run a past decision on its stored input, as an auditor would.

    Rules:
    - The stored input (which holds the decision's own `now`) is evaluated again by the current engine and
      bundle; allow, each reason (rule, message, figure) and each limit are compared with the record.
    - The bundle hashes are compared as well: a decision made with another bundle may differ for good
      reason, and the answer says which bundle each came from.
    - A replay decides nothing: it is not stored. An unknown decision id is "not found"; an engine that
      does not answer is ServiceUnavailable.
    """

    def __init__(self, policy: PolicyEngine, records: ComplianceRecords) -> None:
        self._policy, self._records = policy, records

    async def execute(self, request: ReplayRequest) -> Replay:
        stored = await self._records.decision(request.decision_id)
        if stored is None:
            raise NotFound("policy decision", request.decision_id)
        recorded = _recorded(stored)
        replayed = await self._policy.decide(stored.input)
        return Replay(stored, recorded, replayed, differences(recorded, replayed))


def _recorded(stored: StoredDecision) -> PolicyDecision:
    bundle = stored.bundle_hash or ""
    if stored.result is None:
        return PolicyDecision(stored.decision_id, stored.allow, (), PolicyLimits(), bundle)
    return decision_from_document(stored.decision_id, bundle, stored.result)


def differences(recorded: PolicyDecision, replayed: PolicyDecision) -> tuple[str, ...]:
    found = []
    if recorded.allow != replayed.allow:
        found.append(f"allow: recorded {recorded.allow}, now {replayed.allow}")
    for reason in sorted(set(recorded.reasons) - set(replayed.reasons), key=str):
        found.append(f"reason no longer given: {reason.rule}: {reason.message}")
    for reason in sorted(set(replayed.reasons) - set(recorded.reasons), key=str):
        found.append(f"new reason: {reason.rule}: {reason.message}")
    for name in ("max_stake_per_ticket", "remaining_loss_allowance", "remaining_deposit_allowance"):
        before, after = getattr(recorded.limits, name), getattr(replayed.limits, name)
        if before != after:
            found.append(f"limits.{name}: recorded {before}, now {after}")
    if recorded.limits.banned_markets != replayed.limits.banned_markets:
        found.append(
            f"limits.banned_markets: recorded {sorted(recorded.limits.banned_markets)}, "
            f"now {sorted(replayed.limits.banned_markets)}"
        )
    return tuple(found)
