"""Port: the current price of one selection at one bookmaker, as the paper bookmaker fills against it.

The rule: the latest quote of (fixture, market, line, selection, bookmaker) captured at or before the
time asked, greatest `captured_at` first, a closing quote preferred when two share that time; None when
the bookmaker had not priced it by then. (A replayed day places at its own time, never at later prices.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol


@dataclass(frozen=True, slots=True)
class PriceKey:
    fixture_id: str
    market: str
    selection: str
    bookmaker: str
    line: Decimal | None = None


@dataclass(frozen=True, slots=True)
class CurrentPrice:
    price: Decimal
    captured_at: datetime
    is_closing: bool


class CurrentPrices(Protocol):
    async def current(self, key: PriceKey, at: datetime) -> CurrentPrice | None: ...
