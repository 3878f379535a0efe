"""The portfolio optimiser, imported only when a command needs it (Pyomo and HiGHS take a while to load),
and what the API's solver processes run (adapters.optimizer.solvers.SolverProcesses)."""

from __future__ import annotations

from application.ports.portfolio_optimizer import PortfolioOptimizer, StakingProblem
from application.use_cases.find_edges import FindEdges
from application.use_cases.optimize_portfolio import (
    OptimizePortfolio,
    OptimizePortfolioRequest,
    OptimizePortfolioResponse,
)

# In a solver process: HiGHS without presolve (on a quote's model it costs more than it removes: about half
# the solve time). Not "threads": HiGHS sets up its thread pool once per process, and a later run asking for
# another thread count fails.
SOLVER_PROCESS_OPTIONS: dict[str, bool | float | int | str] = {"presolve": "off"}
_in_this_process: list[OptimizePortfolio] = []


def portfolio_optimizer(options: dict[str, bool | float | int | str] | None = None) -> PortfolioOptimizer:
    from adapters.optimizer.pyomo_highs import PyomoHighsOptimizer

    return PyomoHighsOptimizer(options=options)


def optimise_in_solver_process(request: OptimizePortfolioRequest) -> OptimizePortfolioResponse:
    """OptimizePortfolio in a solver process, with the optimiser it built once."""
    if not _in_this_process:
        _in_this_process.append(OptimizePortfolio(portfolio_optimizer(SOLVER_PROCESS_OPTIONS), FindEdges()))
    return _in_this_process[0].execute(request)


def warm_up_solver_process() -> None:
    """Load Pyomo and HiGHS in a new solver process and solve a one-ticket problem, so that its first quote
    does not pay for them."""
    if not _in_this_process:
        _in_this_process.append(OptimizePortfolio(portfolio_optimizer(SOLVER_PROCESS_OPTIONS), FindEdges()))
    problem = StakingProblem(
        scenario_count=2, wins=((0,),), payouts=(2.5,), min_fraction=0.01, max_fraction=(0.05,),
        max_total_fraction=0.25, caps=(), max_tickets=1, time_limit_seconds=5.0, relative_gap=1e-4,
        absolute_gap=1e-6,
    )  # fmt: skip
    _in_this_process[0].optimizer.solve(problem)
