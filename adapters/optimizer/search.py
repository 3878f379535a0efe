"""How the MILP is searched, whatever builds it: relax, round, then let HiGHS prove it from that start.

HiGHS's own primal heuristics find poor portfolios for this model: the relaxation stakes many tickets a
little, with y fractional everywhere. So the search first solves the LP relaxation, places the tickets whose
relaxed stake reaches half the minimum stake (the largest ones when there are too many), solves the LP with
those placements fixed, and hands that portfolio to HiGHS's branch-and-bound as its starting solution.
HiGHS then proves it optimal (within the gaps) or improves on it until the time limit. With that start,
HiGHS's own primal heuristics (sub-MIPs, feasibility jump) cost more time than they save: they are off.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from application.ports.portfolio_optimizer import SolveStatus, StakingProblem

HIGHS_OPTIONS: dict[str, bool | float] = {
    "mip_heuristic_effort": 0.0,
    "mip_heuristic_run_rins": False,
    "mip_heuristic_run_rens": False,
    "mip_heuristic_run_root_reduced_cost": False,
    "mip_heuristic_run_feasibility_jump": False,
}


@dataclass(frozen=True)
class Outcome:
    """One solve: its status, the stakes when it found any, its objective and proven bound."""

    status: SolveStatus
    stakes: NDArray[np.float64] | None
    objective: float | None
    bound: float | None


class MilpBackend(Protocol):
    """A built model of one Formulation that can be re-solved in place."""

    def relax(self, time_limit: float) -> Outcome: ...

    def fix_placements(self, placed: NDArray[np.bool_], time_limit: float) -> Outcome: ...

    def solve_mip(self, warm_start: bool, time_limit: float) -> Outcome: ...


@dataclass(frozen=True)
class SearchResult:
    outcome: Outcome
    seconds: float

    @property
    def gap(self) -> float | None:
        """Relative gap as HiGHS reports it: |bound − objective| / |objective|."""
        objective, bound = self.outcome.objective, self.outcome.bound
        if objective is None or bound is None:
            return None
        if objective == 0.0:
            return 0.0 if bound == 0.0 else None
        return abs(bound - objective) / abs(objective)


def search(backend: MilpBackend, problem: StakingProblem, upper: NDArray[np.float64]) -> SearchResult:
    started = time.perf_counter()

    def remaining() -> float:
        return max(problem.time_limit_seconds - (time.perf_counter() - started), 0.01)

    relaxed = backend.relax(remaining())
    warm = False
    if relaxed.stakes is not None:
        placed = rounded_placements(relaxed.stakes, upper, problem)
        warm = backend.fix_placements(placed, remaining()).stakes is not None
    outcome = backend.solve_mip(warm, remaining())
    return SearchResult(outcome, time.perf_counter() - started)


def rounded_placements(
    stakes: NDArray[np.float64], upper: NDArray[np.float64], problem: StakingProblem
) -> NDArray[np.bool_]:
    placed = (stakes >= problem.min_fraction / 2) & (upper >= problem.min_fraction)
    if placed.sum() > problem.max_tickets:
        keep = np.argsort(-np.where(placed, stakes, -1.0), kind="stable")[: problem.max_tickets]
        placed = np.zeros_like(placed)
        placed[keep] = True
    return placed
