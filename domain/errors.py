"""Business errors. Every error names what is wrong; rule violations name the rule."""

from __future__ import annotations


class DomainError(ValueError):
    """A business error: the input or the request breaks a rule of the domain."""


class InvalidOdds(DomainError):
    """A price that is not a valid betting price (decimal odds must be finite and above 1)."""


class InvalidMarket(DomainError):
    """A market that cannot be priced or de-vigged as given."""


class DevigError(InvalidMarket):
    """A de-vig method that cannot solve the market it was given."""


class InvalidProbability(DomainError):
    """A probability outside the open interval (0, 1) or not finite."""


class InvalidModelInput(DomainError):
    """Expected goals, rho or another model input out of its valid range."""


class RuleViolation(DomainError):
    """A named business rule refused the operation."""

    def __init__(self, rule: str, message: str, facts: dict[str, str] | None = None) -> None:
        super().__init__(f"{rule}: {message}")
        self.rule = rule
        self.detail = message
        self.facts = facts or {}


class InvalidSettlement(DomainError):
    """Results that cannot settle a ticket: a leg without a result, an unknown leg, a bad dead-heat factor."""
