"""What the settlement workflow and its activities hand each other (stored in the workflow's history)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from workflows.tuning import Tuning


@dataclass(frozen=True)
class SettlementInput:
    as_of: datetime | None = None  # settle with the results public at this time; None: when it starts
    tuning: Tuning = field(default_factory=Tuning)


@dataclass(frozen=True)
class PendingRequest:
    as_of: datetime


@dataclass(frozen=True)
class PendingTickets:
    ticket_ids: tuple[str, ...]


@dataclass(frozen=True)
class SettleRequest:
    ticket_id: str
    as_of: datetime


@dataclass(frozen=True)
class SettlementOutcome:
    ticket_id: str
    status: str  # settled or voided; needs_review when set aside, issued when not ready (see `note`)
    payout: Decimal
    already_settled: bool  # settled by an earlier attempt: nothing posted twice
    closing_line_value: float | None = None
    note: str | None = None


@dataclass(frozen=True)
class SettlementReport:
    workflow_id: str
    as_of: datetime
    outcomes: tuple[SettlementOutcome, ...]
    mean_closing_line_value: float | None

    @property
    def total_payout(self) -> Decimal:
        return sum((outcome.payout for outcome in self.outcomes), Decimal(0))
