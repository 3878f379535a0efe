"""The limits a ticket portfolio must keep, with their documented defaults (docs/optimizer.md)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from domain.compliance import PolicyLimits
from domain.errors import DomainError
from domain.money import CENT

MAX_TOTAL_FRACTION = 0.99  # log growth is −∞ for a portfolio that can lose the whole bankroll


@dataclass(frozen=True, slots=True)
class PortfolioLimits:
    """Risk limits of the house, each a hard constraint of the optimiser. Fractions are of the bankroll.

    Defaults: at most 25 % of the bankroll staked in total, 5 % on tickets touching one fixture (an
    accumulator counts in full for each of its fixtures), 15 % on one competition, 5 % on one ticket, at least
    0.10 per ticket, no limit per bookmaker, at most 250 tickets; accumulators of up to 2 legs built from the
    20 best selections by expected value, at most 300 of them.
    """

    max_total_fraction: float = 0.25
    max_fixture_fraction: float = 0.05
    max_competition_fraction: float = 0.15
    max_stake_fraction: float = 0.05
    min_stake: Decimal = Decimal("0.10")
    bookmaker_limits: Mapping[str, Decimal] = field(default_factory=dict)
    max_tickets: int = 250
    max_legs: int = 2
    accumulator_pool: int = 20
    max_accumulators: int = 300
    max_combined_odds: Decimal | None = None  # a ticket priced above it takes no stake
    max_potential_return: Decimal | None = None  # a ticket's stake × odds stays at most this

    def __post_init__(self) -> None:
        for name in ("max_fixture_fraction", "max_competition_fraction", "max_stake_fraction"):
            _check_fraction(name, getattr(self, name), 1.0)
        _check_fraction("max_total_fraction", self.max_total_fraction, MAX_TOTAL_FRACTION)
        _check_money("min_stake", self.min_stake, positive=True)
        for bookmaker, amount in self.bookmaker_limits.items():
            _check_money(f"bookmaker_limits[{bookmaker}]", amount, positive=False)
        _check_count("max_tickets", self.max_tickets, 0)
        if self.max_combined_odds is not None and not (
            isinstance(self.max_combined_odds, Decimal) and self.max_combined_odds.is_finite()
            and self.max_combined_odds >= 1
        ):  # fmt: skip
            raise DomainError(f"invalid max_combined_odds {self.max_combined_odds!r}: must be at least 1")
        if self.max_potential_return is not None:
            _check_money("max_potential_return", self.max_potential_return, positive=True)
        _check_count("max_legs", self.max_legs, 1, 6)
        _check_count("accumulator_pool", self.accumulator_pool, 0)
        _check_count("max_accumulators", self.max_accumulators, 0)


@dataclass(frozen=True, slots=True)
class OptimiserSettings:
    """How the optimiser samples and searches. Defaults: 500 scenarios drawn with seed 20240601, a time limit
    of 60 s, and proof of optimality within a relative gap of 1e-4 or an absolute gap of 1e-6 in log growth
    (HiGHS's own defaults)."""

    scenarios: int = 500
    seed: int = 20240601
    time_limit_seconds: float = 60.0
    relative_gap: float = 1e-4
    absolute_gap: float = 1e-6

    def __post_init__(self) -> None:
        _check_count("scenarios", self.scenarios, 10, 1_000_000)
        if not (math.isfinite(self.time_limit_seconds) and self.time_limit_seconds > 0):
            raise DomainError(f"invalid time_limit_seconds {self.time_limit_seconds!r}: must be positive")
        for name in ("relative_gap", "absolute_gap"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value >= 0):
                raise DomainError(f"invalid {name} {value!r}: must be zero or positive")


@dataclass(frozen=True, slots=True)
class StakeCaps:
    """Every limit in money for one bankroll: the house limits and the policy limits together."""

    total: Decimal
    per_ticket: Decimal
    min_stake: Decimal
    per_fixture: Decimal
    per_competition: Decimal
    per_bookmaker: Mapping[str, Decimal]
    max_tickets: int
    max_combined_odds: Decimal | None = None
    max_potential_return: Decimal | None = None

    @classmethod
    def combine(cls, bankroll: Decimal, limits: PortfolioLimits, policy: PolicyLimits) -> StakeCaps:
        """The tighter of each house limit and policy limit. The remaining loss allowance caps the total stake
        (a portfolio can lose everything it stakes); the policy's maximum stake caps every ticket."""
        total = _share(bankroll, limits.max_total_fraction)
        if policy.remaining_loss_allowance is not None:
            total = min(total, _floor(max(policy.remaining_loss_allowance, Decimal(0))))
        per_ticket = min(_share(bankroll, limits.max_stake_fraction), total)
        if policy.max_stake_per_ticket is not None:
            per_ticket = min(per_ticket, _floor(max(policy.max_stake_per_ticket, Decimal(0))))
        return cls(
            total=total,
            per_ticket=per_ticket,
            min_stake=limits.min_stake,
            per_fixture=_share(bankroll, limits.max_fixture_fraction),
            per_competition=_share(bankroll, limits.max_competition_fraction),
            per_bookmaker={name: _floor(amount) for name, amount in limits.bookmaker_limits.items()},
            max_tickets=limits.max_tickets,
            max_combined_odds=limits.max_combined_odds,
            max_potential_return=limits.max_potential_return,
        )

    def why_nothing_fits(self) -> str | None:
        """The reason no ticket at all can be placed within these caps, if there is one."""
        if self.max_tickets == 0:
            return "the maximum number of tickets is 0"
        if self.total < self.min_stake:
            return f"the total stake allowed ({self.total}) is below the minimum stake ({self.min_stake})"
        if self.per_ticket < self.min_stake:
            return f"the maximum stake per ticket ({self.per_ticket}) is below the minimum ({self.min_stake})"
        return None

    def ticket_cap(self, bookmaker: str) -> Decimal:
        return min(self.per_ticket, self.per_fixture, self.per_competition, self.bookmaker_cap(bookmaker))

    def stake_cap(self, bookmaker: str, odds: Decimal) -> Decimal:
        """The largest stake one ticket at these combined odds may take on its own: 0 above the combined-odds
        limit, at most the potential-return limit over the odds."""
        cap = self.ticket_cap(bookmaker)
        if self.max_combined_odds is not None and odds > self.max_combined_odds:
            return Decimal(0)
        if self.max_potential_return is not None:
            cap = min(cap, _floor(self.max_potential_return / odds))
        return cap

    def bookmaker_cap(self, bookmaker: str) -> Decimal:
        return self.per_bookmaker.get(bookmaker, self.total)


def floor_to_cent(amount: Decimal) -> Decimal:
    return _floor(amount)


def _share(bankroll: Decimal, fraction: float) -> Decimal:
    return _floor(bankroll * Decimal(repr(fraction)))


def _floor(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_DOWN)


def _check_fraction(name: str, value: float, highest: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not (0.0 < value <= highest):
        raise DomainError(f"invalid {name} {value!r}: must be a fraction of the bankroll in (0, {highest}]")


def _check_money(name: str, value: Decimal, positive: bool) -> None:
    ok = isinstance(value, Decimal) and value.is_finite() and (value > 0 if positive else value >= 0)
    if not ok or value != value.quantize(CENT):
        sign = "positive" if positive else "zero or positive"
        raise DomainError(f"invalid {name} {value!r}: must be a {sign} amount in whole cents")


def _check_count(name: str, value: int, lowest: int, highest: int = 1_000_000) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not lowest <= value <= highest:
        raise DomainError(f"invalid {name} {value!r}: must be a whole number in [{lowest}, {highest}]")
