"""Messages of the placement step (dataclasses with Decimal money, through the workflows' converter)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True)
class PlaceRequest:
    ticket_id: str
    as_of: datetime | None = None  # the market's time (a replayed day); None: now


@dataclass(frozen=True)
class PlaceOutcome:
    """The ticket after placing: placed, partially_placed, rejected (with the reason) or still issued."""

    ticket_id: str
    status: str
    bookmaker: str | None
    placement: str | None  # accepted, partially_matched, rejected, pending
    reason: str | None
    accepted_odds: Decimal | None
    matched_stake: Decimal
    bet_ref: str | None
    already_placed: bool = False


@dataclass(frozen=True)
class AlertsRequest:
    as_of: datetime  # the market's time


@dataclass(frozen=True)
class AlertsRaised:
    messages: tuple[str, ...]  # the new alerts (sent to the notifiers)
    undelivered: int = 0


@dataclass(frozen=True)
class UnplacedRequest:
    """Issued tickets not placed yet (an API request whose bookmaker could not be reached, say)."""


@dataclass(frozen=True)
class Unplaced:
    ticket_ids: tuple[str, ...]
