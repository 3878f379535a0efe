"""The decision document the policy bundle returns, read into the domain's PolicyDecision.

The document (docs/auditors.md): `allow` (bool), `reasons` (objects naming `rule`, `message`, `figure`)
and `limits` (`max_stake_per_ticket`, `remaining_loss_allowance`, `remaining_deposit_allowance` as numbers,
decimal strings or null; `banned_markets` a list of market names). Anything else is a malformed decision,
which callers treat as no decision at all (fail closed).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from domain.compliance import POLICY_ENGINE_UNAVAILABLE, PolicyDecision, PolicyLimits, PolicyReason

INPUT_INVALID = "input.invalid"  # the rule of the reasons that name a malformed input field
ENGINE_UNAVAILABLE = "policy.unavailable"
MONEY_LIMITS = ("max_stake_per_ticket", "remaining_loss_allowance", "remaining_deposit_allowance")


class MalformedDecision(ValueError):
    """The engine answered something that is not a decision document."""


def decision_from_document(decision_id: str, bundle_hash: str, document: Any) -> PolicyDecision:
    if not isinstance(document, Mapping):
        raise MalformedDecision(f"the decision is not an object: {document!r:.80}")
    allow = document.get("allow")
    if not isinstance(allow, bool):
        raise MalformedDecision(f"the decision's allow is not a boolean: {allow!r:.80}")
    reasons = tuple(_reason(reason) for reason in _list(document, "reasons"))
    return PolicyDecision(decision_id, allow, reasons, _limits(document.get("limits")), bundle_hash)


def unavailable_decision(decision_id: str) -> PolicyDecision:
    """Fail closed: no ticket, no deposit, nothing allowed."""
    reason = PolicyReason(ENGINE_UNAVAILABLE, POLICY_ENGINE_UNAVAILABLE)
    nothing = PolicyLimits(Decimal(0), Decimal(0), Decimal(0))
    return PolicyDecision(decision_id, False, (reason,), nothing, "")


def input_errors(decision: PolicyDecision) -> tuple[PolicyReason, ...]:
    return tuple(reason for reason in decision.reasons if reason.rule == INPUT_INVALID)


def _reason(raw: Any) -> PolicyReason:
    if not isinstance(raw, Mapping):
        raise MalformedDecision(f"a reason is not an object: {raw!r:.80}")
    rule, message, figure = raw.get("rule"), raw.get("message"), raw.get("figure")
    if not isinstance(rule, str) or not isinstance(message, str):
        raise MalformedDecision(f"a reason lacks a rule or a message: {raw!r:.80}")
    if figure is not None and not isinstance(figure, str):
        raise MalformedDecision(f"a reason's figure is not a string: {raw!r:.80}")
    return PolicyReason(rule, message, figure)


def _limits(raw: Any) -> PolicyLimits:
    if not isinstance(raw, Mapping):
        raise MalformedDecision(f"the decision's limits are not an object: {raw!r:.80}")
    banned = _list(raw, "banned_markets")
    if not all(isinstance(market, str) for market in banned):
        raise MalformedDecision(f"banned_markets holds something other than market names: {banned!r:.80}")
    amounts = {name: _money(raw, name) for name in MONEY_LIMITS}
    return PolicyLimits(**amounts, banned_markets=frozenset(banned))


def _money(limits: Mapping[str, Any], name: str) -> Decimal | None:
    value = limits.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise MalformedDecision(f"limit {name} is not an amount: {value!r:.80}")
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise MalformedDecision(f"limit {name} is not an amount: {value!r:.80}") from None
    if not amount.is_finite() or amount < 0:
        raise MalformedDecision(f"limit {name} is not an amount: {value!r:.80}")
    return amount


def _list(document: Mapping[str, Any], name: str) -> list[Any]:
    value = document.get(name)
    if not isinstance(value, list):
        raise MalformedDecision(f"the decision's {name} is not a list: {value!r:.80}")
    return value
