"""Step definitions for features/bdd/placement.feature: placing tickets with the paper bookmaker."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from application.placement.terms import order_of
from application.ports.current_prices import CurrentPrice, PriceKey
from application.ports.ticket_repository import TicketRecord
from domain.bankroll import Bankroll
from domain.betting import issue_ticket, place_ticket, settle_ticket
from domain.placement import Placement, RejectionReason, matched_status
from domain.settlement import LegResult
from domain.tickets import Ticket, TicketStatus
from plugins.builtin.paper.bookmaker import PaperBookmaker
from plugins.builtin.paper.settings import PaperSettings
from tests.betting_builders import leg
from tests.fakes.access import SteppingClock
from tests.fakes.bookmaking import PaperBookmaking

scenarios("placement.feature")
NOW = datetime(2024, 4, 20, 12, tzinfo=UTC)
ARSENAL = PriceKey("arsenal-chelsea", "1x2", "home", "pinnacle")
REASONS = {"the price moved": RejectionReason.PRICE_MOVED, "it is over the limit": RejectionReason.OVER_LIMIT}


@dataclass
class Desk:
    bankroll: Bankroll | None = None
    book: PaperBookmaking = field(default_factory=PaperBookmaking)
    limit: Decimal = Decimal(0)
    ticket: Ticket | None = None
    record: TicketRecord | None = None
    placement: Placement | None = None
    payout: Decimal | None = None

    def bookmaker(self) -> PaperBookmaker:
        settings = PaperSettings(limits={"*": self.limit})
        return PaperBookmaker(self.book.context(SteppingClock(NOW)), settings)

    def issue(self, stake: str, odds: str) -> TicketRecord:
        assert self.bankroll is not None
        self.ticket = Ticket("t1", [leg(ARSENAL.fixture_id, odds)], Decimal(stake))
        issue_ticket(self.ticket, self.bankroll, NOW.date())
        t = self.ticket
        self.record = TicketRecord(t.ticket_id, "p", "c", "b", t.status, t.stake, t.combined_odds, t.legs,
                                   (False,), "d", NOW)  # fmt: skip
        return self.record

    def apply(self, placement: Placement) -> None:
        assert self.ticket is not None
        assert self.bankroll is not None
        assert self.record is not None
        self.placement = placement
        place_ticket(self.ticket, self.bankroll, placement)
        self.record = replace(self.record, status=self.ticket.status, placements=(placement,))


@pytest.fixture
def desk() -> Desk:
    return Desk()


@given(parsers.parse("a bankroll of {amount}"))
def bankroll_of(desk: Desk, amount: str) -> None:
    desk.bankroll = Bankroll("bankroll", Decimal(amount))


@given(
    parsers.parse(
        "the paper bookmaker prices Arsenal to win at {price} and takes at most {limit} per selection"
    )
)
def paper_prices(desk: Desk, price: str, limit: str) -> None:
    desk.book.prices.quote(ARSENAL, CurrentPrice(Decimal(price), NOW - timedelta(hours=2), False))
    desk.limit = Decimal(limit)


@given(parsers.parse("the price of Arsenal to win moves to {price}"))
def price_moves(desk: Desk, price: str) -> None:
    desk.book.prices.quote(ARSENAL, CurrentPrice(Decimal(price), NOW - timedelta(hours=1), False))


@when(parsers.parse("a {stake} single on Arsenal at {odds} is issued and placed"))
def issued_and_placed(desk: Desk, stake: str, odds: str) -> None:
    order = order_of(desk.issue(stake, odds))
    desk.apply(asyncio.run(desk.bookmaker().place(order)))


@when("the same ticket is sent to the bookmaker again")
def sent_again(desk: Desk) -> None:
    assert desk.record is not None
    asyncio.run(desk.bookmaker().place(order_of(desk.record)))


@when(
    parsers.parse(
        "a {stake} single on Arsenal at {odds} is issued and the exchange matches {matched} of it at {price}"
    )
)
def exchange_matches(desk: Desk, stake: str, odds: str, matched: str, price: str) -> None:
    order = order_of(desk.issue(stake, odds))
    status = matched_status(order, Decimal(matched))
    desk.apply(Placement("betfair-exchange", order.client_ref, status, order.stake, Decimal(matched),
                         (Decimal(price),), "bet-1", placed_at=NOW, commission=Decimal("0.05")))  # fmt: skip


@when(parsers.parse("the ticket wins with a commission of {percent:d}% on the winnings"))
def ticket_wins(desk: Desk, percent: int) -> None:
    assert desk.record is not None
    assert desk.bankroll is not None
    assert desk.placement is not None
    assert desk.placement.commission == Decimal(percent) / 100
    ticket = Ticket.restore(desk.record)
    desk.payout = settle_ticket(ticket, desk.bankroll, {ARSENAL.fixture_id: LegResult.WIN}, NOW.date())


@then(parsers.parse("the ticket is placed at odds of {odds}"))
def placed_at(desk: Desk, odds: str) -> None:
    assert desk.ticket is not None
    assert desk.placement is not None
    assert desk.ticket.status is TicketStatus.PLACED
    assert desk.placement.accepted_odds == Decimal(odds)


@then(parsers.parse("the ticket is rejected because {why}"))
def rejected(desk: Desk, why: str) -> None:
    assert desk.ticket is not None
    assert desk.placement is not None
    assert desk.ticket.status is TicketStatus.REJECTED
    assert desk.placement.reason is REASONS[why]


@then("the ticket is partially placed")
def partially_placed(desk: Desk) -> None:
    assert desk.ticket is not None
    assert desk.ticket.status is TicketStatus.PARTIALLY_PLACED


@then("the bookmaker holds one bet for it")
def one_bet(desk: Desk) -> None:
    assert len(desk.book.orders.orders) == 1


@then(parsers.parse("it pays {amount}"))
def pays(desk: Desk, amount: str) -> None:
    assert desk.payout == Decimal(amount)


@then(parsers.parse("{available} is available and {at_risk} is at risk"))
def money(desk: Desk, available: str, at_risk: str) -> None:
    assert desk.bankroll is not None
    assert (desk.bankroll.available, desk.bankroll.at_risk) == (Decimal(available), Decimal(at_risk))
