"""The ComplianceRecords contract, run against the in-memory fake and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import text

from adapters.persistence.compliance_records import PostgresComplianceRecords
from adapters.persistence.engine import create_engine
from application.ports.compliance_records import ComplianceRecords
from application.use_cases.verify_audit_log import VerifyAuditLog
from domain.audit import first_broken_link
from domain.compliance import PolicyDecision, PolicyLimits, PolicyReason
from tests.fakes.compliance import InMemoryComplianceRecords
from tests.fakes.container import memory_container, use_case

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine

DOCUMENT: dict[str, Any] = {
    "customer": {"id": "c1", "age": 30, "jurisdiction": "DE", "self_excluded": False,
                 "deposits": {"24h": 0, "7d": 10.5, "30d": 950}},
    "tickets": [{"stake": 12.5, "legs": [{"fixture": "Bayern v BVB", "odds": 2.1, "in_play": False}]}],
    "now": "2025-05-01T18:30:00Z",
    "deposit": {"amount": 60},
}  # fmt: skip


def decision(decision_id: str, allow: bool = False) -> PolicyDecision:
    reasons = (
        () if allow else (PolicyReason("limits.deposit_30d", "over the limit", "deposit_limit_30d = 1000"),)
    )
    limits = PolicyLimits(None, None, Decimal("50"), frozenset({"player_cards", "penalties"}))
    return PolicyDecision(decision_id, allow, reasons, limits, "b" * 64)


@dataclass
class Store:
    records: ComplianceRecords
    tamper: Callable[[str, Any], Awaitable[None]]


@pytest.fixture(params=["memory", "postgres"])
async def store(request: pytest.FixtureRequest) -> AsyncIterator[Store]:
    if request.param == "memory":
        memory = InMemoryComplianceRecords()
        yield Store(memory, lambda sql, params: _tamper_memory(memory, sql, params))
        return
    engine: AsyncEngine = create_engine(request.getfixturevalue("fresh_database_url"))
    try:
        yield Store(
            PostgresComplianceRecords(engine), lambda sql, params: _tamper_postgres(engine, sql, params)
        )
    finally:
        await engine.dispose()


async def _tamper_postgres(engine: AsyncEngine, sql: str, params: Any) -> None:
    """As the owner, with the append-only triggers switched off for the one statement."""
    table = sql.split()[1]
    async with engine.begin() as connection:
        await connection.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
        await connection.execute(text(sql), params)
        await connection.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER USER"))


async def _tamper_memory(memory: InMemoryComplianceRecords, sql: str, params: Any) -> None:
    import dataclasses

    if sql.startswith("UPDATE policy_decisions"):
        stored = memory.stored[params["id"]]
        memory.stored[params["id"]] = dataclasses.replace(stored, allow=True)
        return
    index = params["seq"] - 1
    entry = memory.entries[index]
    if "created_at" in sql:
        memory.entries[index] = dataclasses.replace(entry, created_at=entry.created_at - timedelta(days=1))
    else:
        memory.entries[index] = dataclasses.replace(entry, payload={"allow": True})


async def test_a_recorded_decision_reads_back_with_its_input_and_result(store: Store) -> None:
    await store.records.record_decision(decision("d1"), DOCUMENT)
    stored = await store.records.decision("d1")
    assert stored is not None
    assert stored.input == DOCUMENT
    assert (stored.decision_id, stored.jurisdiction, stored.allow, stored.bundle_hash) == (
        "d1",
        "DE",
        False,
        "b" * 64,
    )
    reason = {"rule": "limits.deposit_30d", "message": "over the limit", "figure": "deposit_limit_30d = 1000"}
    limits = {
        "max_stake_per_ticket": None,
        "remaining_loss_allowance": None,
        "remaining_deposit_allowance": "50",
        "banned_markets": ["penalties", "player_cards"],
    }
    assert stored.result == {"allow": False, "reasons": [reason], "limits": limits}
    assert stored.created_at.tzinfo is not None
    assert await store.records.decision("unknown") is None


async def test_each_decision_is_one_chained_audit_entry(store: Store) -> None:
    for n in range(1, 4):
        await store.records.record_decision(decision(f"d{n}", allow=n == 2), DOCUMENT)
    entries = await store.records.audit_entries()
    assert [(entry.kind, entry.ref) for entry in entries] == [("policy.decision", f"d{n}") for n in (1, 2, 3)]
    assert entries[0].prev_hash is None
    assert [entry.prev_hash for entry in entries[1:]] == [entry.hash for entry in entries[:-1]]
    assert first_broken_link(entries) is None
    assert [d.decision_id for d in await store.records.decisions()] == ["d1", "d2", "d3"]


async def test_a_decision_id_is_recorded_once(store: Store) -> None:
    await store.records.record_decision(decision("d1"), DOCUMENT)
    with pytest.raises(Exception):  # noqa: B017, PT011  (the store's own error: integrity or value error)
        await store.records.record_decision(decision("d1", allow=True), DOCUMENT)
    stored = await store.records.decision("d1")
    assert stored is not None
    assert not stored.allow
    assert len(await store.records.audit_entries()) == 1


def verify(records: ComplianceRecords) -> VerifyAuditLog:
    return use_case(memory_container(compliance_records=records), VerifyAuditLog)


async def test_an_untouched_log_verifies(store: Store) -> None:
    for n in range(1, 4):
        await store.records.record_decision(decision(f"d{n}"), DOCUMENT)
    verification = await verify(store.records).execute()
    assert verification.intact
    assert verification.decisions_checked == 3


async def test_a_decision_flipped_to_allow_in_the_database_is_named(store: Store) -> None:
    for n in range(1, 4):
        await store.records.record_decision(decision(f"d{n}"), DOCUMENT)
    await store.tamper("UPDATE policy_decisions SET allow = true WHERE id = :id", {"id": "d2"})
    verification = await verify(store.records).execute()
    assert [(d.decision_id, d.audit_seq) for d in verification.altered_decisions] == [("d2", 2)]
    assert verification.broken is None


async def test_an_altered_audit_row_is_named(store: Store) -> None:
    for n in range(1, 4):
        await store.records.record_decision(decision(f"d{n}"), DOCUMENT)
    seq = (await store.records.audit_entries())[1].seq
    await store.tamper("UPDATE audit_log SET payload = CAST(:payload AS jsonb) WHERE seq = :seq",
                       {"seq": seq, "payload": '{"allow": true}'})  # fmt: skip
    verification = await verify(store.records).execute()
    assert verification.broken is not None
    assert verification.broken.seq == seq
    assert not verification.intact


async def test_a_backdated_audit_row_is_named(store: Store) -> None:
    for n in range(1, 4):
        await store.records.record_decision(decision(f"d{n}"), DOCUMENT)
    seq = (await store.records.audit_entries())[2].seq
    await store.tamper(
        "UPDATE audit_log SET created_at = created_at - interval '1 day' WHERE seq = :seq", {"seq": seq}
    )
    verification = await verify(store.records).execute()
    assert verification.broken is not None
    assert verification.broken.seq == seq
