"""Policy decisions and the audit chain for auditors: record one decision on its own, read them back.

Writing goes through the same PostgresDecisionLog the ticket transaction uses, so a decision is stored
and chained the same way whoever asked for it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.persistence.decision_records import PostgresDecisionLog
from adapters.persistence.errors import translated
from adapters.persistence.schema.compliance import audit_log, policy_decisions
from application.ports.compliance_records import StoredDecision
from domain.audit import AuditEntry
from domain.compliance import PolicyDecision


class PostgresComplianceRecords:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def record_decision(self, decision: PolicyDecision, document: dict[str, Any]) -> None:
        async with translated(), self._engine.begin() as connection:
            await PostgresDecisionLog(connection).record(decision, document)

    async def decision(self, decision_id: str) -> StoredDecision | None:
        query = select(policy_decisions).where(policy_decisions.c.id == decision_id)
        async with translated(), self._engine.connect() as connection:
            row = (await connection.execute(query)).one_or_none()
        return None if row is None else _decision(row)

    async def decisions(self) -> list[StoredDecision]:
        query = select(policy_decisions).order_by(policy_decisions.c.created_at, policy_decisions.c.id)
        async with translated(), self._engine.connect() as connection:
            return [_decision(row) for row in await connection.execute(query)]

    async def audit_entries(self) -> list[AuditEntry]:
        query = select(audit_log).order_by(audit_log.c.seq)
        async with translated(), self._engine.connect() as connection:
            return [_entry(row) for row in await connection.execute(query)]


def _decision(row: Row[Any]) -> StoredDecision:
    return StoredDecision(
        decision_id=row.id,
        created_at=row.created_at,
        jurisdiction=row.jurisdiction,
        input=row.input,
        result=row.result,
        allow=row.allow,
        bundle_hash=row.bundle_hash,
    )


def _entry(row: Row[Any]) -> AuditEntry:
    return AuditEntry(row.seq, row.created_at, row.kind, row.ref, row.payload, row.prev_hash, row.hash)
