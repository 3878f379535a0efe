"""Port: bookmakers' maximum stake per selection, with every change recorded (limits are data)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol


@dataclass(frozen=True, slots=True)
class LimitChange:
    bookmaker: str
    previous: Decimal | None  # None: the first limit known for this bookmaker
    current: Decimal
    changed_at: datetime


class BookmakerLimits(Protocol):
    async def current(self, bookmaker: str) -> Decimal | None:
        """The latest recorded maximum stake per selection, None when none was recorded."""
        ...

    async def record(self, change: LimitChange) -> None: ...

    async def changes(self, bookmaker: str | None = None) -> list[LimitChange]:
        """Recorded changes, oldest first."""
        ...
