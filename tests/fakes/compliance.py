"""An in-memory ComplianceRecords: the same contract as PostgresComplianceRecords (tests/integration)."""

from __future__ import annotations

import copy
import json
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from application.ports.compliance_records import RecordsConsistency, StoredDecision
from domain.audit import AuditEntry, chain_hash, document_hash

if TYPE_CHECKING:
    from domain.compliance import PolicyDecision


class InMemoryComplianceRecords:
    def __init__(self) -> None:
        self.stored: dict[str, StoredDecision] = {}
        self.entries: list[AuditEntry] = []
        self._start = datetime(2025, 1, 1, tzinfo=UTC)

    async def record_decision(self, decision: PolicyDecision, document: dict[str, Any]) -> None:
        if decision.decision_id in self.stored:
            raise ValueError(f"decision {decision.decision_id} is already recorded")
        document = _as_stored(document)
        result = _result(decision)
        self.stored[decision.decision_id] = StoredDecision(
            decision.decision_id, self._now(), document.get("customer", {}).get("jurisdiction"),
            document, result, decision.allow, decision.bundle_hash,
        )  # fmt: skip
        payload = {
            "allow": decision.allow,
            "bundle_hash": decision.bundle_hash,
            "input_sha256": document_hash(document),
            "result_sha256": document_hash(result),
        }
        self.append("policy.decision", decision.decision_id, payload)

    def append(self, kind: str, ref: str | None, payload: Any) -> None:
        previous = self.entries[-1].hash if self.entries else None
        created_at = self._now()
        digest = chain_hash(previous, created_at, kind, ref, payload)
        seq = len(self.entries) + 1
        self.entries.append(AuditEntry(seq, created_at, kind, ref, copy.deepcopy(payload), previous, digest))

    async def decision(self, decision_id: str) -> StoredDecision | None:
        return self.stored.get(decision_id)

    async def decisions(self) -> list[StoredDecision]:
        return sorted(self.stored.values(), key=lambda d: (d.created_at, d.decision_id))

    async def audit_entries(self) -> list[AuditEntry]:
        return list(self.entries)

    async def consistency(self) -> RecordsConsistency:
        return RecordsConsistency()

    def _now(self) -> datetime:
        return self._start + timedelta(milliseconds=len(self.entries))


def _as_stored(document: dict[str, Any]) -> dict[str, Any]:
    """What a JSON column gives back: a copy that shares nothing with the caller."""
    stored: dict[str, Any] = json.loads(json.dumps(document))
    return stored


def _result(decision: PolicyDecision) -> dict[str, Any]:
    limits = decision.limits
    amounts = {
        "max_stake_per_ticket": limits.max_stake_per_ticket,
        "remaining_loss_allowance": limits.remaining_loss_allowance,
        "remaining_deposit_allowance": limits.remaining_deposit_allowance,
    }
    return {
        "allow": decision.allow,
        "reasons": [asdict(reason) for reason in decision.reasons],
        "limits": {
            **{name: None if value is None else str(value) for name, value in amounts.items()},
            "banned_markets": sorted(limits.banned_markets),
        },
    }
