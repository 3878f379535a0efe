"""Domain events: facts the aggregates record as they change, for the unit of work to collect.

Aggregates append events to their `events` list; nothing in the domain dispatches them. The unit of work
collects the events of the aggregates it was given at commit and turns them into audit-log entries, in the
same transaction (application.audit_events).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from domain.placement import Placement


@dataclass(frozen=True)
class DomainEvent:
    """Base of every domain event."""


@dataclass(frozen=True)
class TicketQuoted(DomainEvent):
    ticket_id: str
    stake: Decimal
    combined_odds: Decimal
    legs: int


@dataclass(frozen=True)
class TicketIssued(DomainEvent):
    ticket_id: str
    stake: Decimal
    combined_odds: Decimal


@dataclass(frozen=True)
class TicketPlaced(DomainEvent):
    """The bookmaker's final answer: `status` is placed, partially placed or rejected."""

    ticket_id: str
    status: str
    placement: Placement


@dataclass(frozen=True)
class TicketSetAside(DomainEvent):
    """Settlement could not settle the ticket: it waits for review, its stake still reserved. Recorded by
    settlement itself, not by the aggregate: a ticket that does not restore may be why it is set aside."""

    ticket_id: str
    reason: str


@dataclass(frozen=True)
class TicketSettled(DomainEvent):
    ticket_id: str
    stake: Decimal
    payout: Decimal


@dataclass(frozen=True)
class TicketVoided(DomainEvent):
    ticket_id: str
    refund: Decimal
    reason: str


@dataclass(frozen=True)
class TicketCancelled(DomainEvent):
    ticket_id: str
    reason: str


@dataclass(frozen=True)
class StakeReserved(DomainEvent):
    bankroll_id: str
    ticket_id: str
    amount: Decimal
    day: date


@dataclass(frozen=True)
class StakeReleased(DomainEvent):
    bankroll_id: str
    ticket_id: str
    amount: Decimal


@dataclass(frozen=True)
class ReturnPosted(DomainEvent):
    """A settled ticket's stake went to the bookmaker and its payout came back."""

    bankroll_id: str
    ticket_id: str
    stake: Decimal
    payout: Decimal
    day: date


@dataclass(frozen=True)
class RuleTriggered(DomainEvent):
    """A risk limit was reached: from now on the rule refuses new stakes until it is no longer reached."""

    bankroll_id: str
    rule: str
    message: str
    day: date


@dataclass(frozen=True)
class StopLossTriggered(RuleTriggered):
    pass


@dataclass(frozen=True)
class TakeProfitTriggered(RuleTriggered):
    pass


@dataclass(frozen=True)
class MaxDrawdownTriggered(RuleTriggered):
    pass
