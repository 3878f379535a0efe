"""Policy decisions and the audit chain for auditors: record one decision on its own, read them back.

Writing goes through the same PostgresDecisionLog the ticket transaction uses, so a decision is stored
and chained the same way whoever asked for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_, select

from adapters.persistence.decision_records import PostgresAuditTrail, PostgresDecisionLog
from adapters.persistence.derived_state import derived_state_differences
from adapters.persistence.errors import translated
from adapters.persistence.schema.betting import bankrolls, ledger_entries, tickets
from adapters.persistence.schema.compliance import audit_log, policy_decisions
from application.ports.compliance_records import RecordsConsistency, StoredDecision
from domain.audit import AuditEntry

if TYPE_CHECKING:
    from sqlalchemy.engine import Row
    from sqlalchemy.ext.asyncio import AsyncEngine

    from application.ports.audit_anchor import AuditAnchor
    from domain.compliance import PolicyDecision


class PostgresComplianceRecords:
    def __init__(self, engine: AsyncEngine, anchor: AuditAnchor | None = None) -> None:
        self._engine = engine
        self._anchor = anchor

    async def record_decision(self, decision: PolicyDecision, document: dict[str, Any]) -> None:
        async with translated(), self._engine.begin() as connection:
            trail = PostgresAuditTrail(connection, anchor=self._anchor)
            await PostgresDecisionLog(connection, trail).record(decision, document)
        trail.checkpoint()

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

    async def consistency(self) -> RecordsConsistency:
        e, b = ledger_entries, bankrolls
        unbalanced = (
            select(e.c.bankroll_id, e.c.reference, e.c.description, func.sum(e.c.amount).label("total"))
            .group_by(e.c.bankroll_id, e.c.reference, e.c.description)
            .having(func.sum(e.c.amount) != 0)
            .order_by(e.c.bankroll_id, e.c.reference)
        )
        sums = (
            select(
                e.c.bankroll_id,
                func.sum(e.c.amount).filter(e.c.account == "available").label("available"),
                func.sum(e.c.amount).filter(e.c.account == "at_risk").label("at_risk"),
            )
            .group_by(e.c.bankroll_id)
            .subquery()
        )
        available, at_risk = func.coalesce(sums.c.available, 0), func.coalesce(sums.c.at_risk, 0)
        mismatched = (
            select(
                b.c.id, b.c.available, b.c.at_risk, available.label("l_available"), at_risk.label("l_at_risk")
            )
            .outerjoin(sums, sums.c.bankroll_id == b.c.id)
            .where(or_(b.c.available != available, b.c.at_risk != at_risk))
            .order_by(b.c.id)
        )
        async with translated(), self._engine.connect() as connection:
            ticket_ids = tuple((await connection.scalars(select(tickets.c.id).order_by(tickets.c.id))).all())
            postings = tuple(
                f"bankroll {row.bankroll_id}, posting {row.reference} ({row.description}): "
                f"its entries sum to {row.total}, not 0"
                for row in await connection.execute(unbalanced)
            )
            balances = tuple(
                f"bankroll {row.id}: stored available {row.available} / at risk {row.at_risk}, "
                f"ledger sums {row.l_available} / {row.l_at_risk}"
                for row in await connection.execute(mismatched)
            )
            state = tuple(await derived_state_differences(connection))
        return RecordsConsistency(ticket_ids, postings, balances, state)


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
