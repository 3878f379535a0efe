"""Port: a solver that chooses tickets and stakes to maximise expected log growth over scenarios."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


@dataclass(frozen=True, slots=True)
class StakeCap:
    """At most `max_fraction` of the bankroll on the tickets listed (a fixture, competition, bookmaker...)."""

    name: str
    tickets: tuple[int, ...]
    max_fraction: float


@dataclass(frozen=True, slots=True)
class StakingProblem:
    """Choose a stake x_t (a fraction of the bankroll) for each candidate ticket t to maximise

        (1 / N) Σ_s log(1 − Σ_t x_t + Σ_{t wins in s} payout_t × x_t)

    subject to: x_t = 0 or min_fraction ≤ x_t ≤ max_fraction[t] (a ticket is placed or not: a binary per
    ticket); Σ_t x_t ≤ max_total_fraction < 1; each cap's tickets together ≤ its max_fraction; at most
    max_tickets tickets placed. The search stops at the time limit or when the solution is proven within
    the relative or absolute gap of the best possible.
    """

    scenario_count: int
    wins: tuple[tuple[int, ...], ...]
    payouts: tuple[float, ...]
    min_fraction: float
    max_fraction: tuple[float, ...]
    max_total_fraction: float
    caps: tuple[StakeCap, ...]
    max_tickets: int
    time_limit_seconds: float
    relative_gap: float
    absolute_gap: float

    @property
    def ticket_count(self) -> int:
        return len(self.payouts)


class SolveStatus(StrEnum):
    OPTIMAL = "optimal"
    TIME_LIMIT = "time_limit"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class ModelSize:
    rows: int
    columns: int
    binaries: int
    nonzeros: int


@dataclass(frozen=True, slots=True)
class StakingSolution:
    """Stakes per ticket (fractions of the bankroll, in the problem's order) and how well they are proven.

    `optimal` is true only when the solver proved the solution within the problem's gaps; `gap` is the
    relative gap reached (None when no bound is known); `objective` is the solver's own value of the
    objective (its piecewise-linear model of the logarithm). Times are in seconds.
    """

    fractions: tuple[float, ...]
    status: SolveStatus
    optimal: bool
    gap: float | None
    objective: float | None
    build_seconds: float
    solve_seconds: float
    size: ModelSize


class PortfolioOptimizer(Protocol):
    def solve(self, problem: StakingProblem) -> StakingSolution: ...
