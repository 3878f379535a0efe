"""Domain events → audit-log entries: the one translation, called by the units of work at commit.

A use case hands the unit of work what it changed (`track`): an aggregate, whose `events` list records
its changes, with what the audit log records beyond those events (`TicketContext`: the owners and policy
decision of an issued ticket, the closing-line value of a settled one). At commit the unit of work
collects the new events, turns them into entries here and appends them to the audit chain in the same
transaction: an entry is written with its change or not at all.

The entries, as an auditor reads them:
- TicketIssued → `ticket.issued`: ticket, partner, customer, bankroll, stake, combined odds, decision;
- TicketPlaced → `ticket.placed`: ticket, its status, bookmaker, the placement's status and reason, bet
  reference, accepted odds (of the whole bet) and matched stake;
- TicketSettled and TicketVoided → `ticket.settled`: ticket, status (settled or voided), payout (the
  refund of a voided ticket) and closing-line value;
- TicketSetAside → `ticket.needs_review`: ticket and reason.
Other events (a quote, a cancellation, the bankroll's postings, which the ledger records) make no entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from domain.events import (
    DomainEvent,
    TicketIssued,
    TicketPlaced,
    TicketSetAside,
    TicketSettled,
    TicketVoided,
)
from domain.tickets import TicketStatus


class EventSource(Protocol):
    """An aggregate: it appends its changes to `events`."""

    events: list[DomainEvent]


@dataclass(slots=True)
class Recorded:
    """Events recorded by a use case itself, where no aggregate records them (e.g. TicketSetAside)."""

    events: list[DomainEvent] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class NewAuditEntry:
    kind: str
    payload: dict[str, Any]


@dataclass(frozen=True, slots=True)
class TicketContext:
    """What the audit log records of a ticket that its events do not carry."""

    partner_id: str | None = None
    customer_id: str | None = None
    bankroll_id: str | None = None
    decision_id: str | None = None
    closing_line_value: float | None = None


def entries_for(events: Iterable[DomainEvent], context: TicketContext) -> list[NewAuditEntry]:
    """The entries for the events, in the order they happened; events that make none are skipped."""
    entries = []
    for event in events:
        translate = _TRANSLATIONS.get(type(event))
        if translate is not None:
            entries.append(translate(event, context))
    return entries


class EventCollector:
    """What a unit of work was given to track, and its new events as audit entries at commit."""

    def __init__(self) -> None:
        self._seen: list[tuple[EventSource, TicketContext]] = []

    def track(self, source: EventSource, context: TicketContext) -> None:
        self._seen.append((source, context))

    def collect(self) -> list[NewAuditEntry]:
        """The entries of every tracked source's new events (taken: a second commit repeats none)."""
        entries: list[NewAuditEntry] = []
        for source, context in self._seen:
            events, source.events = source.events, []
            entries += entries_for(events, context)
        self._seen.clear()
        return entries

    def forget(self) -> None:
        """The transaction rolled back: nothing tracked is recorded."""
        self._seen.clear()


def _issued(event: TicketIssued, context: TicketContext) -> NewAuditEntry:
    return NewAuditEntry("ticket.issued", {
        "ticket_id": event.ticket_id, "partner_id": context.partner_id, "customer_id": context.customer_id,
        "bankroll_id": context.bankroll_id, "stake": str(event.stake),
        "combined_odds": str(event.combined_odds), "decision_id": context.decision_id,
    })  # fmt: skip


def _placed(event: TicketPlaced, context: TicketContext) -> NewAuditEntry:
    placement = event.placement
    return NewAuditEntry("ticket.placed", {
        "ticket_id": event.ticket_id, "status": event.status, "bookmaker": placement.bookmaker,
        "placement": placement.status.value, "reason": placement.reason.value if placement.reason else None,
        "bet_ref": placement.bet_ref,
        "accepted_odds": str(placement.accepted_odds) if placement.accepted_odds else None,
        "matched_stake": str(placement.matched_stake),
    })  # fmt: skip


def _settled(event: TicketSettled, context: TicketContext) -> NewAuditEntry:
    return _settlement(event.ticket_id, TicketStatus.SETTLED, str(event.payout), context)


def _voided(event: TicketVoided, context: TicketContext) -> NewAuditEntry:
    return _settlement(event.ticket_id, TicketStatus.VOIDED, str(event.refund), context)


def _settlement(ticket_id: str, status: TicketStatus, payout: str, context: TicketContext) -> NewAuditEntry:
    return NewAuditEntry("ticket.settled", {
        "ticket_id": ticket_id, "status": status.value, "payout": payout,
        "closing_line_value": context.closing_line_value,
    })  # fmt: skip


def _set_aside(event: TicketSetAside, context: TicketContext) -> NewAuditEntry:
    return NewAuditEntry("ticket.needs_review", {"ticket_id": event.ticket_id, "reason": event.reason})


_TRANSLATIONS: dict[type[DomainEvent], Callable[[Any, TicketContext], NewAuditEntry]] = {
    TicketIssued: _issued,
    TicketPlaced: _placed,
    TicketSettled: _settled,
    TicketVoided: _voided,
    TicketSetAside: _set_aside,
}
