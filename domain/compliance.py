"""What a compliance decision says, as the rest of the domain sees it (the rules themselves live in Rego)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

POLICY_ENGINE_UNAVAILABLE = "policy engine unavailable"


@dataclass(frozen=True, slots=True)
class PolicyReason:
    """One rule that applied: its name, what it said, and the figure it compared against."""

    rule: str
    message: str
    figure: str | None = None


@dataclass(frozen=True, slots=True)
class PolicyLimits:
    """Limits a policy decision imposes; the optimizer treats each as a hard constraint. None = no limit."""

    max_stake_per_ticket: Decimal | None = None
    remaining_loss_allowance: Decimal | None = None
    remaining_deposit_allowance: Decimal | None = None
    banned_markets: frozenset[str] = field(default_factory=frozenset)

    def allows_market(self, market: str) -> bool:
        return market not in self.banned_markets


@dataclass(frozen=True, slots=True)
class PolicyDecision:
    decision_id: str
    allow: bool
    reasons: tuple[PolicyReason, ...]
    limits: PolicyLimits
    bundle_hash: str
