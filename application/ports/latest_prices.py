"""Port: the latest stored price of each selection at each bookmaker (the price book's read side)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol


@dataclass(frozen=True, slots=True)
class LatestPrice:
    """One bookmaker's latest price for one selection, with when it was captured and the batch it came in."""

    fixture_id: str
    market: str
    line: Decimal | None
    selection: str
    bookmaker: str
    price: Decimal
    captured_at: datetime
    is_closing: bool
    batch_id: str


class LatestPrices(Protocol):
    async def latest(self, fixture_ids: Sequence[str], at: datetime | None = None) -> list[LatestPrice]:
        """Per (fixture, market, line, selection, bookmaker) of these fixtures: the price with the greatest
        `captured_at` (at or before `at` when given), a closing price before an early one on a tie.
        Unknown fixture ids have no prices."""
        ...
