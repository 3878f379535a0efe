"""The staking MILP as numbers, shared by the Pyomo model and the direct highspy model.

Variables: stake x_t ∈ [0, ub_t] and placed y_t ∈ {0, 1} per ticket, total stake S ∈ [0, max_total], and per
scenario s the pieces d_{s,k} ∈ [0, len_k] of the wealth above its floor a_0 = 1 − max_total, one per segment
of a piecewise-linear log. Rows:
- total:      S − Σ_t x_t = 0
- wealth[s]:  Σ_k d_{s,k} + S − Σ_{t wins in s} payout_t x_t = 1 − a_0   (wealth − a_0, split into pieces)
- link:       x_t ≤ ub_t y_t and x_t ≥ min y_t (a stake is placed or it is 0)
- count:      Σ_t y_t ≤ max_tickets
- caps:       Σ_{t in cap} x_t ≤ cap
Objective: maximise log(a_0) + (1/N) Σ_s Σ_k slope_k d_{s,k}.

Because log is concave the slopes decrease, so the pieces fill from the bottom without any binary (no SOS):
Σ_k slope_k d_{s,k} is the chordal interpolation of log(wealth_s) through the breakpoints: it never exceeds
the true logarithm and falls short by about step²/8 at most (step: the spacing of breakpoints in log-wealth).
Nonzeros grow with scenarios × (winning tickets + segments), not scenarios × tickets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from application.ports.portfolio_optimizer import StakingProblem

FINE_RANGE = (math.log(0.5), math.log(2.0))


@dataclass(frozen=True)
class Formulation:
    problem: StakingProblem
    floor: float
    breakpoints: NDArray[np.float64]
    upper: NDArray[np.float64]
    wealth_matrix: sparse.csr_matrix
    """scenarios × tickets: payout_t where ticket t wins in scenario s."""

    @property
    def tickets(self) -> int:
        return self.problem.ticket_count

    @property
    def scenarios(self) -> int:
        return self.problem.scenario_count

    @property
    def segments(self) -> int:
        return len(self.breakpoints) - 1

    @property
    def lengths(self) -> NDArray[np.float64]:
        return np.diff(self.breakpoints)

    @property
    def slopes(self) -> NDArray[np.float64]:
        return np.diff(np.log(self.breakpoints)) / self.lengths

    @property
    def offset(self) -> float:
        return math.log(self.floor)


def formulate(problem: StakingProblem, log_step: float) -> Formulation:
    floor = 1.0 - problem.max_total_fraction
    upper = np.minimum(np.asarray(problem.max_fraction, dtype=np.float64), problem.max_total_fraction)
    upper[upper < problem.min_fraction] = 0.0
    payouts = np.asarray(problem.payouts, dtype=np.float64)
    highest = 1.0 + problem.max_total_fraction * max(float(payouts.max(initial=1.0)) - 1.0, 0.0)
    return Formulation(
        problem=problem,
        floor=floor,
        breakpoints=breakpoints(floor, max(highest, math.exp(log_step)), log_step),
        upper=upper,
        wealth_matrix=_wealth_matrix(problem, payouts),
    )


def breakpoints(low: float, high: float, step: float) -> NDArray[np.float64]:
    """Wealth levels from low to high through 1 (so an empty portfolio is worth exactly 0), `step` apart in
    log-wealth inside [½, 2] and 3 × step outside."""
    down = _walk(0.0, math.log(low), -step)
    up = _walk(0.0, math.log(high), step)
    levels: NDArray[np.float64] = np.exp(np.asarray([*reversed(down), 0.0, *up]))
    return levels


def _walk(start: float, end: float, step: float) -> list[float]:
    """Points after `start` up to and including `end`, none closer than a quarter step to `end`."""
    points: list[float] = []
    here = start
    while True:
        inside = FINE_RANGE[0] < here + step / 2 < FINE_RANGE[1]
        here += step if inside else 3 * step
        if (end - here) * math.copysign(1.0, step) <= abs(step) / 4:
            return [*points, end]
        points.append(here)


def _wealth_matrix(problem: StakingProblem, payouts: NDArray[np.float64]) -> sparse.csr_matrix:
    rows = np.concatenate([np.asarray(w, dtype=np.int64) for w in problem.wins] or [np.zeros(0, np.int64)])
    cols = np.repeat(np.arange(problem.ticket_count), [len(w) for w in problem.wins])
    shape = (problem.scenario_count, problem.ticket_count)
    return sparse.csr_matrix((payouts[cols], (rows, cols)), shape=shape)
