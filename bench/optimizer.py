"""Bench: the portfolio optimiser at 100, 1,000 and 5,000 candidate selections (singles and doubles).

    .venv/bin/python bench/optimizer.py [--sizes 100,1000,5000] [--max-legs 2]

For each size: a market like the acceptance check's (1X2 of n fixtures priced by three bookmakers at up to
8 % above or 5 % below the fair price), optimised through the use case with the Pyomo adapter; then the very
same StakingProblem solved by the same formulation built straight into highspy. Prints build, solve and
total times of both, their ratio (goal at 1,000: Pyomo within 2× of highspy), and expected log growth next to
greedy quarter-Kelly and simultaneous Kelly on the same scenarios.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from typing import TYPE_CHECKING

from adapters.optimizer.highspy_direct import HighspyOptimizer
from adapters.optimizer.pyomo_highs import PyomoHighsOptimizer
from application.portfolio.limits import PortfolioLimits
from application.portfolio.selections import PricedSelection
from application.use_cases.optimize_portfolio import OptimizePortfolio, OptimizePortfolioRequest
from bootstrap.container import Container
from domain.odds import Odds

if TYPE_CHECKING:
    from application.ports.portfolio_optimizer import StakingProblem, StakingSolution

BOOKMAKERS = ("bookA", "bookB", "bookC")


def market(selections: int, seed: int = 7) -> tuple[PricedSelection, ...]:
    rng = random.Random(seed)
    rows: list[PricedSelection] = []
    fixture = 0
    while len(rows) < selections:
        home, draw = rng.uniform(0.25, 0.6), rng.uniform(0.2, 0.3)
        truth = {"home": home, "draw": draw, "away": 1 - home - draw}
        for bookmaker in BOOKMAKERS:
            for outcome, p in truth.items():
                odds = Decimal(str(round(1 / (p * rng.uniform(0.95, 1.08)), 2)))
                rows.append(
                    PricedSelection(
                        f"F{fixture:04d}",
                        f"C{fixture % 12}",
                        "1X2",
                        outcome,
                        bookmaker,
                        Odds(odds),
                        round(p, 6),
                    )
                )
        fixture += 1
    return tuple(rows[:selections])


class Recording:
    """The Pyomo adapter, keeping the problem it was given so highspy can solve the very same one."""

    def __init__(self) -> None:
        self.inner = PyomoHighsOptimizer()
        self.problem: StakingProblem | None = None

    def solve(self, problem: StakingProblem) -> StakingSolution:
        self.problem = problem
        return self.inner.solve(problem)


def measure(size: int, max_legs: int) -> list[str]:
    recording = Recording()
    request = OptimizePortfolioRequest(market(size), Decimal(1000), PortfolioLimits(max_legs=max_legs))
    started = time.perf_counter()
    response = Container().use_cases()(OptimizePortfolio, optimizer=recording).execute(request)
    wall = time.perf_counter() - started
    assert recording.problem is not None
    assert response.model is not None
    direct = HighspyOptimizer().solve(recording.problem)
    pyomo_total = response.times.build + response.times.solve
    highs_total = direct.build_seconds + direct.solve_seconds
    greedy, simultaneous = (b.expected_log_growth for b in response.baselines)
    proof = "optimal" if response.optimal else f"{response.status} gap {response.gap:.2%}"
    return [
        f"{size:,}",
        f"{response.counts.singles}+{response.counts.accumulators}",
        f"{response.model.rows:,}×{response.model.columns:,} ({response.model.nonzeros:,} nz)",
        f"{response.times.build:.2f}",
        f"{response.times.solve:.2f}",
        f"{pyomo_total:.2f}",
        f"{direct.build_seconds:.2f}",
        f"{direct.solve_seconds:.2f}",
        f"{highs_total:.2f}",
        f"{pyomo_total / highs_total:.2f}×",
        proof,
        f"{len(response.tickets)}",
        f"{response.expected_log_growth:.5f}",
        f"{greedy:.5f}",
        f"{simultaneous:.5f}",
        f"{wall:.1f}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--max-legs", type=int, default=2)
    args = parser.parse_args()
    table = Table(title=f"portfolio optimiser (Pyomo + HiGHS vs highspy direct), max legs {args.max_legs}")
    headers = (
        "candidates|tickets|model|pyomo build s|pyomo solve s|pyomo total s|highspy build s|highspy solve s|"
        "highspy total s|ratio|proof|placed|E[log g]|greedy ¼K|simult. K|wall s"
    )
    for header in headers.split("|"):
        table.add_column(header, justify="right")
    for size in (int(s) for s in args.sizes.split(",")):
        table.add_row(*measure(size, args.max_legs))
    Console(width=240).print(table)


if __name__ == "__main__":
    main()
