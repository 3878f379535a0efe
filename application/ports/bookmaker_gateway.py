"""Port: a bookmaker (or exchange) that takes orders: place, cancel, ask for the status of a bet.

`place` is idempotent on the order's client reference (the ticket id): asked twice, a gateway answers
with the first placement and never places a second bet. Gateways come from plugins through the hook
`stakewise_bookmaker_adapters` (docs/plugins.md); the paper bookmaker is the default.
"""

from __future__ import annotations

from typing import Protocol

from domain.placement import Order, Placement


class BookmakerGateway(Protocol):
    async def place(self, order: Order) -> Placement:
        """Place the order, or return the placement already made for its client reference."""
        ...

    async def cancel(self, bet_ref: str) -> Placement:
        """Cancel what is still unmatched of a bet; the answer shows what stands."""
        ...

    async def status(self, bet_ref: str) -> Placement:
        """The bet as the bookmaker sees it now (a pending placement becomes final this way)."""
        ...


class UnknownBet(LookupError):
    """A bet reference the bookmaker does not know."""


class BookmakerGateways(Protocol):
    def gateway(self, bookmaker: str) -> BookmakerGateway:
        """The gateway placing with this bookmaker (its adapter, else the default one)."""
        ...

    def adapter_of(self, bookmaker: str) -> str:
        """The name of the adapter that places with this bookmaker ("paper" by default)."""
        ...
