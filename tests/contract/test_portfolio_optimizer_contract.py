"""Contract of the PortfolioOptimizer port, run against the Pyomo adapter and the direct highspy model."""

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pytest

from adapters.optimizer.highspy_direct import HighspyOptimizer
from adapters.optimizer.pyomo_highs import PyomoHighsOptimizer
from application.ports.portfolio_optimizer import (
    PortfolioOptimizer,
    SolveStatus,
    StakeCap,
    StakingProblem,
    StakingSolution,
)

OPTIMIZERS: dict[str, Callable[[], PortfolioOptimizer]] = {
    "pyomo": PyomoHighsOptimizer,
    "highspy": HighspyOptimizer,
}
STEP_ERROR = 0.05**2 / 8 + 1e-6  # the chordal log falls short of log by at most about step² / 8


@pytest.fixture(params=sorted(OPTIMIZERS))
def optimizer(request: pytest.FixtureRequest) -> PortfolioOptimizer:
    return OPTIMIZERS[request.param]()


def problem(
    wins: Sequence[Iterable[int]], payouts: Sequence[float], scenarios: int, **overrides: Any
) -> StakingProblem:
    settings: dict[str, Any] = {
        "scenario_count": scenarios,
        "wins": tuple(tuple(w) for w in wins),
        "payouts": tuple(payouts),
        "min_fraction": 0.001,
        "max_fraction": tuple([0.5] * len(payouts)),
        "max_total_fraction": 0.5,
        "caps": (),
        "max_tickets": len(payouts),
        "time_limit_seconds": 30.0,
        "relative_gap": 1e-4,
        "absolute_gap": 1e-6,
    }
    settings.update(overrides)
    return StakingProblem(**settings)


def growth(p: StakingProblem, fractions: tuple[float, ...]) -> float:
    wealth = [1.0 - sum(fractions)] * p.scenario_count
    for x, wins, payout in zip(fractions, p.wins, p.payouts, strict=True):
        for s in wins:
            wealth[s] += x * payout
    return sum(math.log(w) for w in wealth) / p.scenario_count


def independent_bets(count: int, scenarios: int = 64) -> tuple[list[list[int]], list[float]]:
    """`count` fair-coin bets at 2.2 on independent coins: every pattern of wins appears equally often."""
    wins = [[s for s in range(scenarios) if (s >> i) & 1] for i in range(count)]
    return wins, [2.2] * count


def assert_feasible(p: StakingProblem, solution: StakingSolution) -> None:
    x = solution.fractions
    placed = [v for v in x if v > 1e-9]
    tolerance = 1e-7
    assert all(v >= p.min_fraction - tolerance for v in placed)
    assert all(v <= cap + tolerance for v, cap in zip(x, p.max_fraction, strict=True))
    assert sum(x) <= p.max_total_fraction + tolerance
    assert len(placed) <= p.max_tickets
    for cap in p.caps:
        assert sum(x[t] for t in cap.tickets) <= cap.max_fraction + tolerance, cap.name


def test_one_bet_is_staked_at_full_kelly(optimizer: PortfolioOptimizer) -> None:
    p = problem([range(50)], [2.2], 100)
    solution = optimizer.solve(p)
    assert solution.optimal
    assert solution.status is SolveStatus.OPTIMAL
    kelly = (0.5 * 2.2 - 1) / 1.2
    assert solution.fractions[0] == pytest.approx(kelly, abs=0.01)
    best = max(growth(p, (k / 10000,)) for k in range(2000))
    assert growth(p, solution.fractions) >= best - STEP_ERROR
    assert solution.gap is not None
    assert solution.gap <= 1e-4
    assert solution.size.binaries == 1
    assert solution.build_seconds >= 0
    assert solution.solve_seconds > 0


def test_a_losing_bet_is_not_staked(optimizer: PortfolioOptimizer) -> None:
    solution = optimizer.solve(problem([range(40)], [2.2], 100))
    assert solution.optimal
    assert solution.fractions == (0.0,)


def test_the_objective_is_log_growth_over_the_joint_outcomes_not_a_sum_of_bets(
    optimizer: PortfolioOptimizer,
) -> None:
    """Two bets that win in the same scenarios are one bet twice: together they get one Kelly stake."""
    p = problem([range(50), range(50)], [2.2, 2.2], 100)
    solution = optimizer.solve(p)
    kelly = (0.5 * 2.2 - 1) / 1.2
    assert sum(solution.fractions) == pytest.approx(kelly, abs=0.01)
    independent = optimizer.solve(problem(*independent_bets(2), 64))
    assert sum(independent.fractions) > 1.5 * kelly


def test_every_limit_holds(optimizer: PortfolioOptimizer) -> None:
    wins, payouts = independent_bets(6)
    caps = (StakeCap("fixture A", (0, 1), 0.05), StakeCap("bookmaker B", (2, 3, 4), 0.06))
    p = problem(
        wins, payouts, 64, max_fraction=(0.5, 0.5, 0.5, 0.02, 0.5, 0.5), caps=caps, max_total_fraction=0.2
    )
    solution = optimizer.solve(p)
    assert solution.optimal
    assert_feasible(p, solution)
    x = solution.fractions
    assert x[0] + x[1] == pytest.approx(0.05, abs=1e-6)  # each bet wants about 0.08: the caps bind
    assert x[2] + x[3] + x[4] == pytest.approx(0.06, abs=1e-6)


def test_a_stake_is_zero_or_at_least_the_minimum(optimizer: PortfolioOptimizer) -> None:
    wins, payouts = independent_bets(6)
    payouts[5] = 2.02  # a bet with a tiny edge: its continuous Kelly stake is below the minimum
    p = problem(wins, payouts, 64, min_fraction=0.03, max_total_fraction=0.4)
    solution = optimizer.solve(p)
    assert solution.optimal
    assert_feasible(p, solution)
    assert solution.fractions[5] == 0.0 or solution.fractions[5] >= 0.03 - 1e-7


def test_the_number_of_tickets_is_limited(optimizer: PortfolioOptimizer) -> None:
    wins, payouts = independent_bets(6)
    p = problem(wins, payouts, 64, max_tickets=2)
    solution = optimizer.solve(p)
    assert solution.optimal
    assert sum(x > 0 for x in solution.fractions) == 2
    assert_feasible(p, solution)


def test_both_adapters_reach_the_same_optimum() -> None:
    wins, payouts = independent_bets(5)
    payouts = [2.2, 2.1, 2.3, 2.05, 2.4]
    p = problem(wins, payouts, 64, max_total_fraction=0.3, max_tickets=3)
    values = [OPTIMIZERS[name]().solve(p).objective for name in sorted(OPTIMIZERS)]
    assert values[0] is not None
    assert values[1] is not None
    assert values[0] == pytest.approx(values[1], abs=1e-6)
