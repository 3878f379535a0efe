"""Port: runs OptimizePortfolio off the caller's event loop (a solver thread, or a pool of processes)."""

from __future__ import annotations

from typing import Protocol

from application.use_cases.optimize_portfolio import OptimizePortfolioRequest, OptimizePortfolioResponse


class PortfolioSolver(Protocol):
    def ensure_room(self) -> None:
        """Raise application.errors.Overloaded when the solver would refuse one more request now."""
        ...

    async def optimise(self, request: OptimizePortfolioRequest) -> OptimizePortfolioResponse:
        """The portfolio OptimizePortfolio answers for `request`; raise application.errors.Overloaded at
        once, without solving, when the solver has more work waiting than it accepts."""
        ...
