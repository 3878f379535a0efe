"""Named business rules: every refusal and every triggered limit carries the name of the rule behind it."""

from __future__ import annotations

from abc import ABC, abstractmethod

from domain.errors import RuleViolation


class NamedRule:
    """A business rule an auditor can look up by name (the class name: `NoCorrelatedLegs`, `StopLoss` ...)."""

    @property
    def name(self) -> str:
        return type(self).__name__


class BusinessRule(NamedRule, ABC):
    """A rule built with the facts it judges: `NoCorrelatedLegs(legs).check()`."""

    @abstractmethod
    def violation(self) -> str | None:
        """Why the facts break the rule, or None when they keep it."""

    def facts(self) -> dict[str, str]:
        """What a client needs to know beside the reason (e.g. the current price), when refused."""
        return {}

    def check(self) -> None:
        reason = self.violation()
        if reason is not None:
            raise RuleViolation(self.name, reason, self.facts())


def enforce(rule: NamedRule, reason: str | None) -> None:
    """Raise RuleViolation naming the rule when it gives a reason to refuse; do nothing otherwise."""
    if reason is not None:
        raise RuleViolation(rule.name, reason)
