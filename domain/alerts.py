"""Alerts: what a trader wants to hear about at once, as rules over prices, limits and placements.

1. Price move: the current price of a selection an open ticket holds has moved from the odds the ticket
   took by more than the threshold (relative: |current / taken - 1| > threshold), either way.
2. Limit change: a bookmaker's maximum stake per selection changed (the first limit known is no change).
3. Rejection rate: of a bookmaker's placements over the window, the share rejected is above the
   threshold, once at least `minimum` placements were made (a single rejection is no rate).
Each alert has a key: the same fact raises one alert, however often it is checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from domain.errors import DomainError


class AlertKind(StrEnum):
    PRICE_MOVE = "price_move"
    LIMIT_CHANGE = "limit_change"
    REJECTION_RATE = "rejection_rate"


@dataclass(frozen=True, slots=True)
class Alert:
    kind: AlertKind
    key: str
    subject: str
    message: str
    raised_at: datetime
    details: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AlertThresholds:
    price_move: Decimal = Decimal("0.10")
    rejection_rate: Decimal = Decimal("0.50")
    rejection_minimum: int = 5

    def __post_init__(self) -> None:
        if not (self.price_move > 0 and 0 <= self.rejection_rate <= 1 and self.rejection_minimum >= 1):
            raise DomainError(f"invalid alert thresholds {self}")


def price_move(
    ticket_id: str, selection: str, taken: Decimal, current: Decimal, seen_at: datetime, threshold: Decimal
) -> Alert | None:
    """Rule 1; `selection` names the fixture, market, line and selection (also in the key)."""
    move = current / taken - 1
    if abs(move) <= threshold:
        return None
    return Alert(
        AlertKind.PRICE_MOVE,
        f"price_move:{ticket_id}:{selection}:{current}:{seen_at.isoformat()}",
        f"ticket {ticket_id}",
        f"{selection} moved {move:+.1%} from {taken} to {current}",
        seen_at,
        {"ticket_id": ticket_id, "selection": selection, "taken": str(taken), "current": str(current)},
    )


def limit_change(
    bookmaker: str, previous: Decimal | None, current: Decimal, changed_at: datetime
) -> Alert | None:
    """Rule 2."""
    if previous is None or previous == current:
        return None
    return Alert(
        AlertKind.LIMIT_CHANGE,
        f"limit_change:{bookmaker}:{changed_at.isoformat()}:{current}",
        f"bookmaker {bookmaker}",
        f"{bookmaker}'s maximum stake per selection changed from {previous} to {current}",
        changed_at,
        {"bookmaker": bookmaker, "previous": str(previous), "current": str(current)},
    )


def rejection_rate(
    bookmaker: str, rejected: int, placed: int, window: str, at: datetime, thresholds: AlertThresholds
) -> Alert | None:
    """Rule 3; `window` names the period counted (the key holds it: one alert per bookmaker and window)."""
    if placed < thresholds.rejection_minimum or Decimal(rejected) / placed <= thresholds.rejection_rate:
        return None
    return Alert(
        AlertKind.REJECTION_RATE,
        f"rejection_rate:{bookmaker}:{window}",
        f"bookmaker {bookmaker}",
        f"{bookmaker} rejected {rejected} of {placed} placements ({rejected / placed:.0%}) in {window}",
        at,
        {"bookmaker": bookmaker, "rejected": str(rejected), "placed": str(placed), "window": window},
    )
