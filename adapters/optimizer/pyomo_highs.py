"""The staking MILP as a Pyomo model, solved by HiGHS through Pyomo's persistent appsi interface."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

import numpy as np
import pyomo.environ as pyo
from pyomo.contrib.appsi.base import TerminationCondition
from pyomo.contrib.appsi.solvers.highs import Highs

from adapters.observability.tracing import tracer
from adapters.optimizer.formulation import Formulation, formulate
from adapters.optimizer.search import HIGHS_OPTIONS, Outcome, search
from adapters.optimizer.solution import solution_from
from application.ports.portfolio_optimizer import ModelSize, SolveStatus, StakingProblem, StakingSolution

if TYPE_CHECKING:
    from collections.abc import Mapping

    from numpy.typing import NDArray

logging.getLogger("pyomo.contrib.appsi.solvers.highs").setLevel(logging.ERROR)


class PyomoHighsOptimizer:
    """PortfolioOptimizer: the model of adapters.optimizer.formulation in Pyomo, searched as in
    adapters.optimizer.search, re-solved in place (bounds and integrality changes only)."""

    def __init__(
        self, log_step: float = 0.05, options: Mapping[str, bool | float | int | str] | None = None
    ) -> None:
        self.log_step = log_step
        self.options = dict(options or {})  # HiGHS options over the search's own (adapters.optimizer.search)

    def solve(self, problem: StakingProblem) -> StakingSolution:
        with tracer.start_as_current_span("optimizer solve", attributes={"optimizer": "pyomo-highs"}) as span:
            started = time.perf_counter()
            formulation = formulate(problem, self.log_step)
            model = PyomoModel(formulation, self.options)
            built = time.perf_counter() - started
            result = search(model, problem, formulation.upper)
            solution = solution_from(result, problem, built, model.size)
            span.set_attribute("optimizer.status", str(solution.status))
            return solution


def build_model(f: Formulation) -> pyo.ConcreteModel:
    p, tickets, scenarios, segments = f.problem, range(f.tickets), range(f.scenarios), range(f.segments)
    m = pyo.ConcreteModel(name="staking")
    m.stake = pyo.Var(tickets, bounds=lambda _, t: (0.0, float(f.upper[t])))
    m.placed = pyo.Var(tickets, domain=pyo.Binary, bounds=lambda _, t: (0, 1 if f.upper[t] > 0 else 0))
    m.total = pyo.Var(bounds=(0.0, p.max_total_fraction))
    lengths = f.lengths.tolist()
    m.piece = pyo.Var(scenarios, segments, bounds=lambda _, s, k: (0.0, lengths[k]))
    m.total_stake = pyo.Constraint(expr=m.total == pyo.quicksum(m.stake[t] for t in tickets))
    m.wealth = pyo.Constraint(scenarios, rule=_wealth_rule(f))
    m.stake_upper = pyo.Constraint(tickets, rule=lambda m, t: m.stake[t] <= float(f.upper[t]) * m.placed[t])
    m.stake_lower = pyo.Constraint(tickets, rule=lambda m, t: m.stake[t] >= p.min_fraction * m.placed[t])
    m.ticket_count = pyo.Constraint(expr=pyo.quicksum(m.placed[t] for t in tickets) <= p.max_tickets)
    m.cap = pyo.Constraint(
        range(len(p.caps)),
        rule=lambda m, c: pyo.quicksum(m.stake[t] for t in p.caps[c].tickets) <= p.caps[c].max_fraction,
    )
    weights = (f.slopes / f.scenarios).tolist()
    m.growth = pyo.Objective(
        expr=f.offset + pyo.quicksum(weights[k] * m.piece[s, k] for s in scenarios for k in segments),
        sense=pyo.maximize,
    )
    return m


def _wealth_rule(f: Formulation) -> Any:
    matrix, segments, rhs = f.wealth_matrix, range(f.segments), 1.0 - f.floor

    def rule(m: pyo.ConcreteModel, s: int) -> Any:
        start, end = matrix.indptr[s], matrix.indptr[s + 1]
        winners = zip(matrix.indices[start:end].tolist(), matrix.data[start:end].tolist(), strict=True)
        pieces = pyo.quicksum(m.piece[s, k] for k in segments)
        return pieces + m.total - pyo.quicksum(payout * m.stake[t] for t, payout in winners) == rhs

    return rule


class _Highs(Highs):  # type: ignore[misc]
    """appsi's HiGHS with Pyomo's compiled expression walker (appsi re-runs __init__ on every new model)."""

    def __init__(self, only_child_vars: bool = False) -> None:
        super().__init__(only_child_vars=only_child_vars)
        self.use_extensions = True


class PyomoModel:
    """The built model and its persistent HiGHS instance (appsi): changes are pushed, not rebuilt."""

    def __init__(
        self, formulation: Formulation, options: Mapping[str, bool | float | int | str] | None = None
    ) -> None:
        self.f = formulation
        self.model = build_model(formulation)
        self.solver = _Highs(only_child_vars=True)  # every variable is a component of the model: no search
        self.solver.config.load_solution = False
        self.solver.highs_options = {
            "output_flag": False,  # appsi would otherwise pipe HiGHS's log through a capture thread
            "mip_rel_gap": formulation.problem.relative_gap,
            "mip_abs_gap": formulation.problem.absolute_gap,
            **HIGHS_OPTIONS,
            **(options or {}),
        }
        for option in ("check_for_new_or_removed_constraints", "check_for_new_or_removed_vars"):
            setattr(self.solver.update_config, option, False)
        for option in ("check_for_new_or_removed_params", "check_for_new_objective", "update_constraints"):
            setattr(self.solver.update_config, option, False)
        for option in ("update_vars", "update_params", "update_named_expressions", "update_objective"):
            setattr(self.solver.update_config, option, False)
        self.solver.set_instance(self.model)
        self._highs = self.solver._solver_model  # appsi's HiGHS instance: its solution vector and size
        self._start: Any = None
        self.placed = list(self.model.placed.values())
        self.stakes = list(self.model.stake.values())
        self.size = self._size()

    def relax(self, time_limit: float) -> Outcome:
        for var in self.placed:
            var.domain = pyo.UnitInterval
        return self._run(time_limit, warm_start=False)

    def fix_placements(self, placed: NDArray[np.bool_], time_limit: float) -> Outcome:
        for var, on in zip(self.placed, placed.tolist(), strict=True):
            var.fix(1.0 if on else 0.0)
        outcome = self._run(time_limit, warm_start=False)
        if outcome.stakes is not None:
            self._start = self._highs.getSolution()
        return outcome

    def solve_mip(self, warm_start: bool, time_limit: float) -> Outcome:
        for var in self.placed:
            var.unfix()
            var.domain = pyo.Binary
        return self._run(time_limit, warm_start)

    def _run(self, time_limit: float, warm_start: bool) -> Outcome:
        self.solver.update_variables(self.placed)
        if warm_start and self._start is not None:
            self._highs.setSolution(self._start)  # the whole column vector, without a round trip via Pyomo
        self.solver.config.time_limit = time_limit
        results = self.solver.solve(self.model)
        found = results.best_feasible_objective is not None
        stakes = None
        if found:
            primals = self.solver.get_primals(self.stakes)
            stakes = np.asarray([primals[var] for var in self.stakes])
        status = _status(results.termination_condition)
        return Outcome(status, stakes, results.best_feasible_objective, results.best_objective_bound)

    def _size(self) -> ModelSize:
        lp = self._highs.getLp()
        return ModelSize(lp.num_row_, lp.num_col_, len(self.placed), self._highs.getNumNz())


def _status(condition: TerminationCondition) -> SolveStatus:
    if condition == TerminationCondition.optimal:
        return SolveStatus.OPTIMAL
    if condition == TerminationCondition.maxTimeLimit:
        return SolveStatus.TIME_LIMIT
    return SolveStatus.FAILED
