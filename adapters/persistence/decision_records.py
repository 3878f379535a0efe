"""Policy decisions and the audit log's hash chain, written inside the caller's transaction.

Appending to the chain takes a transaction-scoped advisory lock, so two transactions never both read the
same "last hash" and fork the chain; the lock is released when the caller commits or rolls back.
Each row's hash is HMAC-SHA256, keyed with the anchor's key, over the previous row's hash and the row's
canonical JSON; after the batch commits, the owner of the transaction calls `checkpoint()` so the anchor
records the new head outside the database.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from adapters.persistence.driver import Driver
from adapters.persistence.write_batch import Write, WriteBatch
from application.ports.audit_anchor import AuditAnchor, AuditHead
from domain.audit import chain_hash, document_hash

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncConnection

    from domain.compliance import PolicyDecision

__all__ = ["AUDIT_CHAIN_LOCK", "PostgresAuditTrail", "PostgresDecisionLog", "chain_hash"]

AUDIT_CHAIN_LOCK = 0x41554454  # an arbitrary constant: the advisory lock key of the audit chain
LOCK_CHAIN_HEAD = f"SELECT hash, at FROM audit_chain_head({AUDIT_CHAIN_LOCK})"  # noqa: S608  migration 0009
ADD_DECISION = """
INSERT INTO policy_decisions (id, jurisdiction, input, result, allow, reasons, bundle_hash)
VALUES ($1::text, $2::text, $3::text::jsonb, $4::text::jsonb, $5::boolean, $6::text::jsonb, $7::text)
"""
APPEND_ENTRIES = """
INSERT INTO audit_log (created_at, kind, ref, payload, prev_hash, hash)
SELECT $1::timestamptz, e.kind, e.ref, e.payload::jsonb, e.prev_hash, e.hash
FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY
     AS e(kind, ref, payload, prev_hash, hash, position)
ORDER BY e.position
RETURNING seq, hash
"""


class PostgresAuditTrail:
    """Appends to the chain. `deferred=True` keeps the entries until `flush()`, which the unit of work
    calls right before it commits: the chain's lock is then held only for one read and one insert,
    instead of for the rest of the transaction (every writer of the chain queues on that lock)."""

    def __init__(
        self, connection: AsyncConnection, *, deferred: bool = False, anchor: AuditAnchor | None = None
    ) -> None:
        self._c = connection
        self._driver = Driver(connection)
        self._deferred = deferred
        self._anchor = anchor
        self._pending: list[tuple[str, str | None, Any]] = []
        self._head: AuditHead | None = None

    async def append(self, event: str, payload: dict[str, Any]) -> None:
        await self.append_ref(event, None, payload)

    async def append_ref(self, kind: str, ref: str | None, payload: Any) -> None:
        self._pending.append((kind, ref, payload))
        if not self._deferred:
            await self.flush()

    async def flush(self, batch: WriteBatch | None = None) -> None:
        """Chain the pending entries; `batch`: the unit of work's pending writes, sent first, with the
        chain's lock taken in the same statement."""
        if not self._pending:
            if batch is not None:
                await batch.flush()
            return
        head = await (
            batch.flush(LOCK_CHAIN_HEAD) if batch is not None else self._driver.fetch(LOCK_CHAIN_HEAD)
        )
        previous, created_at = head[0]  # the hash covers the time
        key = None if self._anchor is None else self._anchor.key()
        columns: tuple[list[Any], ...] = ([], [], [], [], [])  # kind, ref, payload, prev_hash, hash
        for kind, ref, payload in self._pending:
            digest = chain_hash(previous, created_at, kind, ref, payload, key)
            for column, value in zip(
                columns, (kind, ref, json.dumps(payload), previous, digest), strict=True
            ):
                column.append(value)
            previous = digest
        self._pending.clear()
        inserted = await self._driver.fetch(APPEND_ENTRIES, created_at, *columns)
        seq, digest = max((row["seq"], row["hash"]) for row in inserted)
        self._head = AuditHead(seq, digest, created_at)

    def checkpoint(self) -> None:
        """After the transaction committed: hand the chain's new head to the anchor."""
        head, self._head = self._head, None
        if head is not None and self._anchor is not None:
            self._anchor.checkpoint(head)


class PostgresDecisionLog:
    def __init__(
        self, connection: AsyncConnection, audit: PostgresAuditTrail, batch: WriteBatch | None = None
    ) -> None:
        self._c = connection
        self._audit = audit
        self._batch = batch or WriteBatch(connection, deferred=False)

    async def record(self, decision: PolicyDecision, document: dict[str, Any]) -> None:
        reasons = [asdict(reason) for reason in decision.reasons]
        result = {"allow": decision.allow, "reasons": reasons, "limits": _limits(decision)}
        jurisdiction = document.get("customer", {}).get("jurisdiction")
        row = (decision.decision_id, jurisdiction, json.dumps(document), json.dumps(result), decision.allow,
               json.dumps(reasons), decision.bundle_hash)  # fmt: skip
        await self._batch.add(Write("policy_decisions", ADD_DECISION, row))
        await self._audit.append_ref(
            "policy.decision", decision.decision_id, decision_entry(decision, document, result)
        )


def decision_entry(
    decision: PolicyDecision, document: dict[str, Any], result: dict[str, Any]
) -> dict[str, Any]:
    """What the audit chain keeps of a decision: enough to tell later whether its stored row was altered."""
    return {
        "allow": decision.allow,
        "bundle_hash": decision.bundle_hash,
        "input_sha256": document_hash(document),
        "result_sha256": document_hash(result),
    }


def _limits(decision: PolicyDecision) -> dict[str, Any]:
    limits = decision.limits
    money = {
        "max_stake_per_ticket": limits.max_stake_per_ticket,
        "remaining_loss_allowance": limits.remaining_loss_allowance,
        "remaining_deposit_allowance": limits.remaining_deposit_allowance,
    }
    return {
        **{name: None if value is None else str(value) for name, value in money.items()},
        "banned_markets": sorted(limits.banned_markets),
    }
