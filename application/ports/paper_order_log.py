"""Port: the paper bookmaker's own book of bets, one per (bookmaker, client reference).

`record` keeps the first placement of a client reference and returns it: a retried order (a worker
killed after placing, before stakewise stored the answer) finds its bet and never makes a second one.
"""

from __future__ import annotations

from typing import Protocol

from domain.placement import Placement


class PaperOrderLog(Protocol):
    async def find(self, bookmaker: str, client_ref: str) -> Placement | None: ...

    async def record(self, placement: Placement) -> Placement:
        """Store the placement unless its client reference has one; the stored one either way."""
        ...

    async def by_bet_ref(self, bet_ref: str) -> Placement | None: ...

    async def replace(self, placement: Placement) -> None:
        """Store a new state of a known bet (a cancellation)."""
        ...
