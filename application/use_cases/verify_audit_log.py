"""Use case: verify the audit log's hash chain, its anchor outside the database, and the records it
vouches for."""

from __future__ import annotations

from dataclasses import dataclass

from application.ports.audit_anchor import AuditAnchor, AuditHead
from application.ports.compliance_records import ComplianceRecords, StoredDecision
from domain.audit import AuditEntry, BrokenLink, document_hash, first_broken_link, unkeyed_entries

DECISION_ENTRY = "policy.decision"
TICKET_ENTRY = "ticket.issued"


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
    checkpoint: AuditHead | None = None
    checkpoint_problem: str | None = None
    problems: tuple[str, ...] = ()  # tickets without their entry, unbalanced postings, balances, decisions
    unkeyed: int = 0  # entries at the start written before the chain was keyed

    @property
    def intact(self) -> bool:
        return (
            self.broken is None
            and not self.altered_decisions
            and self.checkpoint_problem is None
            and not self.problems
        )


class VerifyAuditLog:
    """Check that nothing recorded for auditors was changed after the fact.

    Rules:
    - The chain is walked from its first entry; every entry must point at the hash of the one before it
      and carry its own HMAC (keyed with the audit key, kept outside the database). The first entry that
      does not is named, with what is wrong with it.
    - The head checkpointed outside the database must still be in the chain with the same hash: a deleted
      tail, an emptied log or a chain rewritten from an earlier entry is named even when the rows left are
      consistent among themselves.
    - Every policy decision the chain vouches for must still match the digests of its entry, and every
      stored decision must have its entry; every ticket must have its `ticket.issued` entry; every ledger
      posting must balance; every bankroll's stored balances must equal the sums of its ledger.
    - The running figures kept with each write must equal what their records give: a bankroll's exposure
      per fixture and per day (its open tickets), its profit per day and since opening (its ledger), each
      customer transaction's running totals (the transactions before it); a differing one is named.
    - An empty log with no checkpoint is intact.
    """

    def __init__(self, records: ComplianceRecords, anchor: AuditAnchor | None = None) -> None:
        self._records, self._anchor = records, anchor

    async def execute(self) -> AuditVerification:
        entries = await self._records.audit_entries()
        decisions = {decision.decision_id: decision for decision in await self._records.decisions()}
        vouched = [entry for entry in entries if _vouches(entry)]
        altered = tuple(
            problem
            for entry in vouched
            if (problem := _check(entry, decisions.get(entry.ref or ""))) is not None
        )
        key = None if self._anchor is None else self._anchor.key()
        head = None if self._anchor is None else self._anchor.head()
        consistency = await self._records.consistency()
        problems = (
            *_unreferenced(decisions, vouched),
            *_tickets_without_entry(consistency.ticket_ids, entries),
            *consistency.unbalanced_postings,
            *consistency.bankroll_mismatches,
            *consistency.state_mismatches,
        )
        broken = first_broken_link(entries, key)
        return AuditVerification(
            len(entries),
            len(vouched),
            broken,
            altered,
            head,
            None if head is None else _against_checkpoint(entries, head),
            tuple(problems),
            0 if key is None or broken is not None else unkeyed_entries(entries, key),
        )


def _against_checkpoint(entries: list[AuditEntry], head: AuditHead) -> str | None:
    if not entries:
        return f"the log is empty, but the checkpoint vouches for entries up to seq {head.seq}"
    found = next((entry for entry in entries if entry.seq == head.seq), None)
    last = entries[-1].seq
    if found is None and last < head.seq:
        return (
            f"the log ends at seq {last}, but the checkpoint vouches for entries up to seq {head.seq}: "
            "its tail was deleted"
        )
    if found is None:
        return f"entry {head.seq}, the head the checkpoint vouches for, is gone"
    if found.hash != head.hash:
        return f"entry {head.seq} no longer has the hash the checkpoint recorded: the chain was rewritten"
    return None


def _unreferenced(decisions: dict[str, StoredDecision], vouched: list[AuditEntry]) -> list[str]:
    referenced = {entry.ref for entry in vouched}
    return [f"policy decision {d} has no audit entry" for d in sorted(decisions) if d not in referenced]


def _tickets_without_entry(ticket_ids: tuple[str, ...], entries: list[AuditEntry]) -> list[str]:
    issued = {
        entry.payload.get("ticket_id")
        for entry in entries
        if entry.kind == TICKET_ENTRY and isinstance(entry.payload, dict)
    }
    return [f"ticket {t} has no {TICKET_ENTRY} audit entry" for t in ticket_ids if t not in issued]


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
