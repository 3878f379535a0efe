"""Workflow messages: the ticket idempotency key, and money crossing Temporal as exact decimals."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from workflows.converter import DATA_CONVERTER
from workflows.pipeline.idempotency import ticket_idempotency_key
from workflows.pipeline.messages import IssueOutcome, ProposedTicket, TicketLeg

HOME = TicketLeg("fx-1", "E0", "1x2", "home", "pinnacle", Decimal("2.10"))
OVER = TicketLeg("fx-2", "E0", "totals", "over", "pinnacle", Decimal("1.95"), Decimal("2.5"))


def test_the_key_is_the_same_for_the_same_workflow_and_legs_in_any_order() -> None:
    assert ticket_idempotency_key("run-1", [HOME, OVER]) == ticket_idempotency_key("run-1", [OVER, HOME])


def test_the_key_differs_by_workflow_and_by_any_leg_field() -> None:
    key = ticket_idempotency_key("run-1", [HOME])
    assert ticket_idempotency_key("run-2", [HOME]) != key
    for changed in (
        TicketLeg("fx-9", "E0", "1x2", "home", "pinnacle", Decimal("2.10")),
        TicketLeg("fx-1", "E0", "1x2", "draw", "pinnacle", Decimal("2.10")),
        TicketLeg("fx-1", "E0", "1x2", "home", "bet365", Decimal("2.10")),
        TicketLeg("fx-1", "E0", "1x2", "home", "pinnacle", Decimal("2.12")),
    ):
        assert ticket_idempotency_key("run-1", [changed]) != key


def test_equal_odds_written_differently_give_the_same_key() -> None:
    same = TicketLeg("fx-1", "E0", "1x2", "home", "pinnacle", Decimal("2.1000"))
    assert ticket_idempotency_key("run-1", [same]) == ticket_idempotency_key("run-1", [HOME])


async def test_money_and_dates_cross_temporal_exactly() -> None:
    outcome = IssueOutcome(
        "key", True, "t-1", "d-1", "b" * 64, Decimal("12.34"), Decimal("4.095"), (HOME, OVER)
    )
    ticket = ProposedTicket((HOME,), Decimal("0.10"))

    payloads = await DATA_CONVERTER.encode(
        [outcome, ticket, date(2024, 4, 19), datetime(2024, 4, 19, tzinfo=UTC)]
    )
    decoded = await DATA_CONVERTER.decode(payloads, [IssueOutcome, ProposedTicket, date, datetime])

    assert decoded == [outcome, ticket, date(2024, 4, 19), datetime(2024, 4, 19, tzinfo=UTC)]
    assert b'"12.34"' in payloads[0].data, "money travels as a decimal string, never a float"
