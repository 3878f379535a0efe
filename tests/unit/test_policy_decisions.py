"""Reading the decision document into a PolicyDecision; anything malformed is no decision at all."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from application.policy_decisions import (
    INPUT_INVALID,
    MalformedDecision,
    decision_from_document,
    input_errors,
    unavailable_decision,
)
from domain.compliance import POLICY_ENGINE_UNAVAILABLE, PolicyReason


def document(**changes: Any) -> dict[str, Any]:
    reason = {
        "rule": "limits.deposit_30d",
        "message": "too much",
        "figure": "deposit_limit_30d = 1000.00 EUR",
        "source": "GlüStV 2021",
        "illustrative": False,
    }
    limits = {
        "max_stake_per_ticket": None,
        "remaining_loss_allowance": 12.5,
        "remaining_deposit_allowance": "99.90",
        "remaining_stake_allowance": None,
        "banned_markets": ["player_cards"],
    }
    base: dict[str, Any] = {"allow": False, "reasons": [reason], "limits": limits}
    return {**base, **changes}


def test_a_decision_document_becomes_a_policy_decision() -> None:
    decision = decision_from_document("d1", "h" * 64, document())
    assert (decision.decision_id, decision.allow, decision.bundle_hash) == ("d1", False, "h" * 64)
    assert decision.reasons == (
        PolicyReason("limits.deposit_30d", "too much", "deposit_limit_30d = 1000.00 EUR"),
    )
    assert decision.limits.max_stake_per_ticket is None
    assert decision.limits.remaining_loss_allowance == Decimal("12.5")
    assert decision.limits.remaining_deposit_allowance == Decimal("99.90")
    assert decision.limits.banned_markets == frozenset({"player_cards"})


@pytest.mark.parametrize(
    "broken",
    [
        None,
        [],
        document(allow="yes"),
        document(reasons={}),
        document(reasons=["no"]),
        document(reasons=[{"rule": "r"}]),
        document(reasons=[{"rule": "r", "message": "m", "figure": 5}]),
        document(limits=None),
        document(limits={**document()["limits"], "banned_markets": [1]}),
        document(limits={**document()["limits"], "max_stake_per_ticket": True}),
        document(limits={**document()["limits"], "max_stake_per_ticket": "lots"}),
        document(limits={**document()["limits"], "max_stake_per_ticket": -1}),
        document(limits={**document()["limits"], "max_stake_per_ticket": "NaN"}),
    ],
)
def test_a_malformed_document_is_refused(broken: Any) -> None:
    with pytest.raises(MalformedDecision):
        decision_from_document("d1", "h", broken)


def test_the_unavailable_decision_denies_and_allows_nothing() -> None:
    decision = unavailable_decision("")
    assert not decision.allow
    assert [reason.message for reason in decision.reasons] == [POLICY_ENGINE_UNAVAILABLE]
    limits = decision.limits
    amounts = {limits.max_stake_per_ticket, limits.remaining_loss_allowance}
    amounts.add(limits.remaining_deposit_allowance)
    assert amounts == {Decimal(0)}


def test_input_errors_are_the_reasons_that_name_a_field() -> None:
    reasons = [
        {"rule": INPUT_INVALID, "message": "customer.age is missing", "figure": None},
        {"rule": "eligibility.minimum_age", "message": "too young", "figure": "minimum_age = 18"},
    ]
    decision = decision_from_document("d", "h", document(reasons=reasons))
    assert [reason.message for reason in input_errors(decision)] == ["customer.age is missing"]
