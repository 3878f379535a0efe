"""The staking MILP built straight into highspy: the yardstick for the Pyomo adapter (bench/optimizer.py)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import highspy
import numpy as np
from pyomo.common.tee import capture_output
from scipy import sparse

from adapters.optimizer.formulation import Formulation, formulate
from adapters.optimizer.search import HIGHS_OPTIONS, Outcome, search
from adapters.optimizer.solution import solution_from
from application.ports.portfolio_optimizer import ModelSize, SolveStatus, StakingProblem, StakingSolution

if TYPE_CHECKING:
    from numpy.typing import NDArray

INF = highspy.kHighsInf


class HighspyOptimizer:
    """PortfolioOptimizer on highspy alone: the same formulation and search as PyomoHighsOptimizer."""

    def __init__(self, log_step: float = 0.05) -> None:
        self.log_step = log_step

    def solve(self, problem: StakingProblem) -> StakingSolution:
        started = time.perf_counter()
        formulation = formulate(problem, self.log_step)
        model = HighspyModel(formulation)
        built = time.perf_counter() - started
        result = search(model, problem, formulation.upper)
        return solution_from(result, problem, built, model.size)


class HighspyModel:
    """Columns: stakes x (T), placed y (T), total S (1), pieces d (N × K, scenario-major)."""

    def __init__(self, formulation: Formulation) -> None:
        self.f = formulation
        t = formulation.tickets
        self.y = np.arange(t, 2 * t, dtype=np.int32)
        self.y_upper = (formulation.upper > 0).astype(np.float64)
        with capture_output(capture_fd=True):  # HiGHS prints a banner on standard output when created
            self.highs = highspy.Highs()  # type: ignore[no-untyped-call]
        self.highs.setOptionValue("output_flag", False)
        self.highs.setOptionValue("mip_rel_gap", formulation.problem.relative_gap)
        self.highs.setOptionValue("mip_abs_gap", formulation.problem.absolute_gap)
        for name, value in HIGHS_OPTIONS.items():
            self.highs.setOptionValue(name, value)
        matrix, lower, upper = _rows(formulation)
        self.size = ModelSize(matrix.shape[0], matrix.shape[1], t, matrix.nnz)
        self.highs.passModel(_lp(formulation, matrix, lower, upper, self.y_upper))

    def relax(self, time_limit: float) -> Outcome:
        self._set_integrality(highspy.HighsVarType.kContinuous)
        return self._run(time_limit)

    def fix_placements(self, placed: NDArray[np.bool_], time_limit: float) -> Outcome:
        value = placed.astype(np.float64)
        self.highs.changeColsBounds(len(self.y), self.y, value, value)
        return self._run(time_limit)

    def solve_mip(self, warm_start: bool, time_limit: float) -> Outcome:
        start = self.highs.getSolution() if warm_start else None
        self.highs.changeColsBounds(len(self.y), self.y, np.zeros(len(self.y)), self.y_upper)
        self._set_integrality(highspy.HighsVarType.kInteger)
        if start is not None:
            self.highs.setSolution(start)
        return self._run(time_limit)

    def _set_integrality(self, kind: highspy.HighsVarType) -> None:
        self.highs.changeColsIntegrality(len(self.y), self.y, np.full(len(self.y), kind))

    def _run(self, time_limit: float) -> Outcome:
        self.highs.setOptionValue("time_limit", float(time_limit))
        self.highs.run()
        status = self.highs.getModelStatus()
        info = self.highs.getInfo()
        solution = self.highs.getSolution()
        has_solution = bool(solution.value_valid) and info.primal_solution_status == 2
        stakes = np.asarray(solution.col_value[: self.f.tickets]) if has_solution else None
        objective = info.objective_function_value if has_solution else None
        is_mip = info.mip_node_count >= 0
        bound = info.mip_dual_bound if is_mip else objective
        return Outcome(_status(status), stakes, objective, bound)


def _status(status: highspy.HighsModelStatus) -> SolveStatus:
    if status == highspy.HighsModelStatus.kOptimal:
        return SolveStatus.OPTIMAL
    if status == highspy.HighsModelStatus.kTimeLimit:
        return SolveStatus.TIME_LIMIT
    return SolveStatus.FAILED


def _lp(
    f: Formulation,
    matrix: sparse.csr_matrix,
    row_lower: NDArray[np.float64],
    row_upper: NDArray[np.float64],
    y_upper: NDArray[np.float64],
) -> highspy.HighsLp:
    t, n, k = f.tickets, f.scenarios, f.segments
    cost = np.concatenate([np.zeros(2 * t + 1), np.tile(f.slopes / n, n)])
    lower = np.zeros(matrix.shape[1])
    piece_upper = np.tile(f.lengths, n)
    upper = np.concatenate([f.upper, y_upper, [f.problem.max_total_fraction], piece_upper])
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = matrix.shape[1], matrix.shape[0]
    lp.col_cost_, lp.col_lower_, lp.col_upper_ = cost, lower, upper
    lp.row_lower_, lp.row_upper_ = row_lower, row_upper
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.offset_ = f.offset
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = matrix.indptr
    lp.a_matrix_.index_ = matrix.indices
    lp.a_matrix_.value_ = matrix.data
    kinds = [highspy.HighsVarType.kContinuous] * matrix.shape[1]
    kinds[t : 2 * t] = [highspy.HighsVarType.kInteger] * t
    lp.integrality_ = kinds
    del k
    return lp


def _rows(f: Formulation) -> tuple[sparse.csr_matrix, NDArray[np.float64], NDArray[np.float64]]:
    p, t, n, k = f.problem, f.tickets, f.scenarios, f.segments
    identity = sparse.identity(t, format="csr")
    blocks: list[list[object]] = [
        [-np.ones((1, t)), None, np.ones((1, 1)), None],
        [-f.wealth_matrix, None, np.ones((n, 1)), sparse.kron(sparse.identity(n), np.ones((1, k)))],
        [identity, -sparse.diags(f.upper), None, None],
        [identity, -p.min_fraction * identity, None, None],
        [None, np.ones((1, t)), None, None],
    ]
    if p.caps:
        blocks.append([_cap_rows(f), None, None, None])
    matrix = sparse.bmat(blocks, format="csr", dtype=np.float64)
    rhs = 1.0 - f.floor
    lower = np.concatenate(
        [[0.0], np.full(n, rhs), np.full(t, -INF), np.zeros(t), [-INF], np.full(len(p.caps), -INF)]
    )
    upper = np.concatenate(
        [
            [0.0],
            np.full(n, rhs),
            np.zeros(t),
            np.full(t, INF),
            [p.max_tickets],
            [c.max_fraction for c in p.caps],
        ]
    )
    return matrix, lower, upper


def _cap_rows(f: Formulation) -> sparse.csr_matrix:
    caps = f.problem.caps
    rows = np.repeat(np.arange(len(caps)), [len(c.tickets) for c in caps])
    cols = np.concatenate([np.asarray(c.tickets, dtype=np.int64) for c in caps] or [np.zeros(0, np.int64)])
    return sparse.csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(len(caps), f.tickets))
