"""The portfolio optimiser, imported only when a command needs it (Pyomo and HiGHS take a while to load)."""

from __future__ import annotations

from application.ports.portfolio_optimizer import PortfolioOptimizer


def portfolio_optimizer() -> PortfolioOptimizer:
    from adapters.optimizer.pyomo_highs import PyomoHighsOptimizer

    return PyomoHighsOptimizer()
