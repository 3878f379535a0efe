"""From a finished search to the port's StakingSolution."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from application.ports.portfolio_optimizer import ModelSize, SolveStatus, StakingProblem, StakingSolution

if TYPE_CHECKING:
    from adapters.optimizer.search import SearchResult

NEGLIGIBLE = 1e-9


def solution_from(
    result: SearchResult, problem: StakingProblem, built: float, size: ModelSize
) -> StakingSolution:
    outcome = result.outcome
    stakes = outcome.stakes if outcome.stakes is not None else np.zeros(problem.ticket_count)
    stakes = np.where(stakes > NEGLIGIBLE, stakes, 0.0)
    return StakingSolution(
        fractions=tuple(float(x) for x in stakes),
        status=outcome.status,
        optimal=outcome.status is SolveStatus.OPTIMAL,
        gap=result.gap,
        objective=outcome.objective,
        build_seconds=built,
        solve_seconds=result.seconds,
        size=size,
    )
