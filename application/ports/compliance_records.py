"""Port: the stored policy decisions and the audit log's hash chain, as auditors read them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from domain.audit import AuditEntry
from domain.compliance import PolicyDecision


@dataclass(frozen=True, slots=True)
class StoredDecision:
    decision_id: str
    created_at: datetime
    jurisdiction: str | None
    input: dict[str, Any]
    result: dict[str, Any] | None
    allow: bool
    bundle_hash: str | None


@dataclass(frozen=True, slots=True)
class RecordsConsistency:
    """What the money records say, for `audit verify` to hold against the chain."""

    ticket_ids: tuple[str, ...] = ()
    unbalanced_postings: tuple[str, ...] = ()  # "bankroll b1, reference t1: entries sum to 0.01"
    bankroll_mismatches: tuple[str, ...] = ()  # "bankroll b1: available 10.00, ledger 9.00"
    # running figures (exposure, profit per day, customers' running totals) that differ from their records
    state_mismatches: tuple[str, ...] = ()


class ComplianceRecords(Protocol):
    async def record_decision(self, decision: PolicyDecision, document: dict[str, Any]) -> None:
        """Store the decision with its input and append it to the audit chain, both or neither."""
        ...

    async def decision(self, decision_id: str) -> StoredDecision | None: ...

    async def decisions(self) -> list[StoredDecision]:
        """Every stored decision, oldest first."""
        ...

    async def audit_entries(self) -> list[AuditEntry]:
        """The whole audit chain in order (by seq)."""
        ...

    async def consistency(self) -> RecordsConsistency:
        """Every ticket id, each ledger posting whose entries do not sum to zero, and each bankroll whose
        stored balances differ from the sums of its ledger."""
        ...
