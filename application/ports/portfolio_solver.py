"""Port: runs OptimizePortfolio off the caller's event loop (a solver thread, or a pool of processes)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol

from application.use_cases.optimize_portfolio import OptimizePortfolioRequest, OptimizePortfolioResponse


class PortfolioSolver(Protocol):
    def admit(self) -> AbstractContextManager[None]:
        """Hold a place in the solver's queue for the block (a request's whole work, its solve included);
        raise application.errors.Overloaded at once when none is left."""
        ...

    async def optimise(self, request: OptimizePortfolioRequest) -> OptimizePortfolioResponse:
        """The portfolio OptimizePortfolio answers for `request` (called within admit())."""
        ...
