"""EvaluatePolicy, ReplayDecision and VerifyAuditLog over the in-memory records and scripted engines."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest

from application.errors import NotFound, ServiceUnavailable
from application.use_cases.evaluate_policy import EvaluatePolicy, EvaluatePolicyRequest
from application.use_cases.replay_decision import ReplayDecision, ReplayRequest
from application.use_cases.verify_audit_log import VerifyAuditLog
from domain.compliance import POLICY_ENGINE_UNAVAILABLE, PolicyDecision, PolicyLimits, PolicyReason
from tests.fakes.compliance import InMemoryComplianceRecords
from tests.fakes.container import memory_container, use_case
from tests.fakes.policy import UnreachablePolicy

if TYPE_CHECKING:
    from application.ports.policy_engine import PolicyEngine

DOCUMENT: dict[str, Any] = {
    "customer": {"jurisdiction": "DE", "age": 17},
    "tickets": [],
    "now": "2025-05-01T00:00:00Z",
}


class ScriptedPolicy:
    """Answers with the decisions it is given, one per call."""

    def __init__(self, *decisions: PolicyDecision) -> None:
        self._decisions = list(decisions)

    async def decide(self, document: dict[str, Any]) -> PolicyDecision:
        return self._decisions.pop(0)


def evaluate(policy: PolicyEngine, records: InMemoryComplianceRecords) -> EvaluatePolicy:
    return use_case(memory_container(policy_engine=policy, compliance_records=records), EvaluatePolicy)


def replayer(policy: PolicyEngine, records: InMemoryComplianceRecords) -> ReplayDecision:
    return use_case(memory_container(policy_engine=policy, compliance_records=records), ReplayDecision)


def verify(records: InMemoryComplianceRecords) -> VerifyAuditLog:
    return use_case(memory_container(compliance_records=records), VerifyAuditLog)


def deny(decision_id: str = "d1", bundle: str = "b" * 64) -> PolicyDecision:
    reason = PolicyReason("eligibility.minimum_age", "the customer is 17", "minimum_age = 18")
    nothing = PolicyLimits(Decimal(0), Decimal(0), Decimal(0))
    return PolicyDecision(decision_id, False, (reason,), nothing, bundle)


async def test_every_decision_is_recorded_with_its_input_and_chained() -> None:
    records = InMemoryComplianceRecords()
    evaluation = await evaluate(ScriptedPolicy(deny()), records).execute(EvaluatePolicyRequest(DOCUMENT))
    assert evaluation.recorded
    assert not evaluation.decision.allow
    stored = await records.decision("d1")
    assert stored is not None
    assert stored.input == DOCUMENT
    assert stored.jurisdiction == "DE"
    assert stored.bundle_hash == "b" * 64
    assert [(entry.kind, entry.ref) for entry in await records.audit_entries()] == [("policy.decision", "d1")]


async def test_an_unavailable_engine_is_a_deny_that_is_not_recorded() -> None:
    records = InMemoryComplianceRecords()
    evaluation = await evaluate(UnreachablePolicy(), records).execute(EvaluatePolicyRequest(DOCUMENT))
    assert evaluation.engine_unavailable
    assert not evaluation.recorded
    assert not evaluation.decision.allow
    assert [reason.message for reason in evaluation.decision.reasons] == [POLICY_ENGINE_UNAVAILABLE]
    assert evaluation.decision.limits.max_stake_per_ticket == 0
    assert await records.audit_entries() == []


async def test_a_replay_with_the_same_answer_has_no_differences() -> None:
    records = InMemoryComplianceRecords()
    await evaluate(ScriptedPolicy(deny()), records).execute(EvaluatePolicyRequest(DOCUMENT))
    replay = await replayer(ScriptedPolicy(deny("d2")), records).execute(ReplayRequest("d1"))
    assert replay.same_answer
    assert replay.same_bundle
    assert replay.differences == ()


async def test_a_replay_lists_every_difference_and_a_changed_bundle() -> None:
    records = InMemoryComplianceRecords()
    await evaluate(ScriptedPolicy(deny()), records).execute(EvaluatePolicyRequest(DOCUMENT))
    allowed = PolicyDecision("d2", True, (), PolicyLimits(banned_markets=frozenset({"x"})), "c" * 64)
    replay = await replayer(ScriptedPolicy(allowed), records).execute(ReplayRequest("d1"))
    assert not replay.same_answer
    assert not replay.same_bundle
    assert replay.differences == (
        "allow: recorded False, now True",
        "reason no longer given: eligibility.minimum_age: the customer is 17",
        "limits.max_stake_per_ticket: recorded 0, now None",
        "limits.remaining_loss_allowance: recorded 0, now None",
        "limits.remaining_deposit_allowance: recorded 0, now None",
        "limits.banned_markets: recorded [], now ['x']",
    )


async def test_replaying_an_unknown_decision_is_not_found() -> None:
    with pytest.raises(NotFound):
        await replayer(ScriptedPolicy(), InMemoryComplianceRecords()).execute(ReplayRequest("nope"))


async def test_replaying_without_an_engine_is_unavailable() -> None:
    records = InMemoryComplianceRecords()
    await evaluate(ScriptedPolicy(deny()), records).execute(EvaluatePolicyRequest(DOCUMENT))
    with pytest.raises(ServiceUnavailable):
        await replayer(UnreachablePolicy(), records).execute(ReplayRequest("d1"))


async def recorded(count: int) -> InMemoryComplianceRecords:
    records = InMemoryComplianceRecords()
    policy = ScriptedPolicy(*(deny(f"d{n}") for n in range(1, count + 1)))
    for _ in range(count):
        await evaluate(policy, records).execute(EvaluatePolicyRequest(DOCUMENT))
    return records


async def test_an_untouched_log_verifies() -> None:
    verification = await verify(await recorded(3)).execute()
    assert verification.intact
    assert (verification.entries, verification.decisions_checked) == (3, 3)


async def test_an_altered_decision_input_is_named() -> None:
    records = await recorded(3)
    stored = records.stored["d2"]
    records.stored["d2"] = dataclasses.replace(stored, input={**stored.input, "customer": {"age": 30}})
    verification = await verify(records).execute()
    assert not verification.intact
    assert verification.broken is None
    [altered] = verification.altered_decisions
    assert altered.decision_id == "d2"
    assert altered.audit_seq == 2
    assert "input" in altered.problem


async def test_a_decision_flipped_to_allow_is_named() -> None:
    records = await recorded(2)
    records.stored["d1"] = dataclasses.replace(records.stored["d1"], allow=True)
    [altered] = (await verify(records).execute()).altered_decisions
    assert altered.decision_id == "d1"
    assert "allow" in altered.problem


async def test_a_deleted_decision_is_named() -> None:
    records = await recorded(2)
    del records.stored["d2"]
    [altered] = (await verify(records).execute()).altered_decisions
    assert altered.decision_id == "d2"
    assert "gone" in altered.problem


async def test_an_altered_audit_entry_is_named_first() -> None:
    records = await recorded(3)
    records.entries[1] = dataclasses.replace(records.entries[1], payload={"allow": True})
    verification = await verify(records).execute()
    assert verification.broken is not None
    assert verification.broken.seq == 2
