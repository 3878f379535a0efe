"""What the settlement workflow and its activities hand each other (stored in the workflow's history)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from workflows.tuning import Tuning


@dataclass(frozen=True)
class SettlementInput:
    as_of: datetime | None = None  # settle with the results known at this time; None: when it starts
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
    status: str  # won, lost, void, half-won ... as the domain names it
    payout: Decimal
    already_settled: bool  # settled by an earlier attempt: nothing posted twice


@dataclass(frozen=True)
class ClosingLineRequest:
    ticket_ids: tuple[str, ...]


@dataclass(frozen=True)
class ClosingLineSummary:
    tickets: int
    mean_clv: float | None


@dataclass(frozen=True)
class SettlementReport:
    workflow_id: str
    as_of: datetime
    outcomes: tuple[SettlementOutcome, ...]
    closing_line: ClosingLineSummary

    @property
    def total_payout(self) -> Decimal:
        return sum((outcome.payout for outcome in self.outcomes), Decimal(0))
