"""Use case: verify the audit log's hash chain and the policy decisions it vouches for."""

from __future__ import annotations

from dataclasses import dataclass

from application.ports.compliance_records import ComplianceRecords, StoredDecision
from domain.audit import AuditEntry, BrokenLink, document_hash, first_broken_link

DECISION_ENTRY = "policy.decision"


@dataclass(frozen=True, slots=True)
class AlteredDecision:
    decision_id: str
    audit_seq: int
    problem: str


@dataclass(frozen=True, slots=True)
class AuditVerification:
    entries: int
    decisions_checked: int
    broken: BrokenLink | None
    altered_decisions: tuple[AlteredDecision, ...]

    @property
    def intact(self) -> bool:
        return self.broken is None and not self.altered_decisions


class VerifyAuditLog:
    """Check that nothing recorded for auditors was changed after the fact.

    Rules:
    - The chain is walked from its first entry; every entry must point at the hash of the one before it
      and hash to its own hash. The first entry that does not is named, with what is wrong with it.
    - Every policy decision the chain vouches for (entries of kind `policy.decision` that carry the
      SHA-256 of the decision's input and result) must still match it; each one that does not is named.
    - An empty log is intact.
    """

    def __init__(self, records: ComplianceRecords) -> None:
        self._records = records

    async def execute(self) -> AuditVerification:
        entries = await self._records.audit_entries()
        decisions = {decision.decision_id: decision for decision in await self._records.decisions()}
        vouched = [entry for entry in entries if _vouches(entry)]
        altered = tuple(
            problem
            for entry in vouched
            if (problem := _check(entry, decisions.get(entry.ref or ""))) is not None
        )
        return AuditVerification(len(entries), len(vouched), first_broken_link(entries), altered)


def _vouches(entry: AuditEntry) -> bool:
    return (
        entry.kind == DECISION_ENTRY and isinstance(entry.payload, dict) and "input_sha256" in entry.payload
    )


def _check(entry: AuditEntry, decision: StoredDecision | None) -> AlteredDecision | None:
    ref = entry.ref or ""
    if decision is None:
        return AlteredDecision(ref, entry.seq, "the decision is gone from policy_decisions")
    payload = entry.payload
    checks = {
        "input": (document_hash(decision.input), payload.get("input_sha256")),
        "result": (document_hash(decision.result), payload.get("result_sha256")),
        "allow": (decision.allow, payload.get("allow")),
        "bundle_hash": (decision.bundle_hash, payload.get("bundle_hash")),
    }
    changed = [name for name, (now, vouched) in checks.items() if now != vouched]
    if not changed:
        return None
    return AlteredDecision(
        ref, entry.seq, f"its {', '.join(changed)} no longer match audit entry {entry.seq}"
    )
