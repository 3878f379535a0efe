"""Domain events become audit entries in one place (application.audit_events), collected by the unit of
work at commit: written with the change or not at all, never twice."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from application.audit_events import EventCollector, NewAuditEntry, Recorded, TicketContext, entries_for
from domain.bankroll import Bankroll
from domain.betting import issue_ticket, place_ticket, settle_ticket
from domain.events import TicketCancelled, TicketQuoted, TicketSetAside
from domain.placement import Placement, PlacementStatus, RejectionReason
from domain.settlement import LegResult
from domain.tickets import Ticket
from tests.betting_builders import legs
from tests.fakes.betting import InMemoryDatabase, InMemoryUnitOfWork

NOW = datetime(2026, 5, 1, 12, tzinfo=UTC)
OWNERS = TicketContext("pA", "c1", "b1", "d1")


def issued(stake: str = "10.00", *odds: str) -> tuple[Ticket, Bankroll]:
    bankroll = Bankroll("b1", Decimal("100.00"))
    ticket = Ticket.quote("t1", legs(*(odds or ("2.00", "1.50"))), Decimal(stake))
    issue_ticket(ticket, bankroll, NOW.date())
    return ticket, bankroll


def test_an_issued_ticket_makes_one_entry_with_its_owners_stake_odds_and_decision() -> None:
    ticket, _ = issued()
    assert entries_for(ticket.events, OWNERS) == [
        NewAuditEntry("ticket.issued", {
            "ticket_id": "t1", "partner_id": "pA", "customer_id": "c1", "bankroll_id": "b1",
            "stake": "10.00", "combined_odds": "3.0000", "decision_id": "d1",
        })
    ]  # fmt: skip


def test_settled_and_voided_tickets_make_a_settled_entry_with_the_closing_line_value() -> None:
    won, bankroll = issued("10.00", "2.00")
    won.events.clear()
    settle_ticket(won, bankroll, {"F1": LegResult.WIN}, NOW.date())
    void, other = issued("5.00", "2.00")
    void.events.clear()
    settle_ticket(void, other, {"F1": LegResult.VOID}, NOW.date())
    context = TicketContext(closing_line_value=0.04)
    assert [e.payload for e in entries_for([*won.events, *void.events], context)] == [
        {"ticket_id": "t1", "status": "settled", "payout": "20.00", "closing_line_value": 0.04},
        {"ticket_id": "t1", "status": "voided", "payout": "5.00", "closing_line_value": 0.04},
    ]


def test_a_placement_makes_a_placed_entry_with_the_bookmaker_s_answer() -> None:
    ticket, bankroll = issued("10.00", "2.00")
    ticket.events.clear()
    rejected = Placement("pinnacle", "t1", PlacementStatus.REJECTED, Decimal("10.00"),
                         reason=RejectionReason.PRICE_MOVED, placed_at=NOW)  # fmt: skip
    place_ticket(ticket, bankroll, rejected)
    assert entries_for(ticket.events, TicketContext()) == [
        NewAuditEntry("ticket.placed", {
            "ticket_id": "t1", "status": "rejected", "bookmaker": "pinnacle", "placement": "rejected",
            "reason": "price_moved", "bet_ref": None, "accepted_odds": None, "matched_stake": "0",
        })
    ]  # fmt: skip


def test_events_without_an_entry_make_none_and_a_set_aside_ticket_names_its_reason() -> None:
    events = [TicketQuoted("t1", Decimal(1), Decimal(2), 1), TicketCancelled("t1", "asked"),
              TicketSetAside("t1", "InvalidSettlement: whatever")]  # fmt: skip
    assert entries_for(events, TicketContext()) == [
        NewAuditEntry("ticket.needs_review", {"ticket_id": "t1", "reason": "InvalidSettlement: whatever"})
    ]


def test_the_collector_takes_each_event_once() -> None:
    ticket, _ = issued()
    collector = EventCollector()
    collector.track(ticket, OWNERS)
    assert [entry.kind for entry in collector.collect()] == ["ticket.issued"]
    assert ticket.events == []
    assert collector.collect() == []


async def test_the_unit_of_work_audits_tracked_events_at_commit_and_forgets_them_on_rollback() -> None:
    database = InMemoryDatabase()
    async with InMemoryUnitOfWork(database) as uow:
        uow.track(Recorded([TicketSetAside("t1", "no score")]), TicketContext())
    assert database.state.audit == []  # never committed: nothing written
    async with InMemoryUnitOfWork(database) as uow:
        ticket, _ = issued()
        uow.track(ticket, OWNERS)
        await uow.commit()
        await uow.commit()  # a second commit repeats nothing
    assert [kind for kind, _ in database.state.audit] == ["ticket.issued"]
