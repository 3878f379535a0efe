from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import DomainError, InvalidSettlement, RuleViolation
from domain.events import TicketCancelled, TicketIssued, TicketQuoted, TicketSettled, TicketVoided
from domain.settlement import LegResult, LegSettlement
from domain.tickets import Ticket, TicketKind, TicketLifecycle, TicketStatus
from tests.betting_builders import leg, legs

STAKE = Decimal("10.00")
prices = st.decimals(min_value="1.01", max_value="1000", places=3)


def issued(ticket: Ticket) -> Ticket:
    ticket.issue()
    return ticket


def test_a_single_has_one_leg_and_its_odds() -> None:
    ticket = Ticket.quote("t", legs("2.10"), STAKE)
    assert ticket.kind is TicketKind.SINGLE
    assert ticket.combined_odds == Decimal("2.10")


def test_an_accumulator_multiplies_its_odds_exactly() -> None:
    ticket = Ticket.quote("t", legs("1.33", "1.33", "1.33"), STAKE)
    assert ticket.kind is TicketKind.ACCUMULATOR
    assert ticket.combined_odds == Decimal("2.352637")


@given(st.lists(prices, min_size=1, max_size=12))
def test_combined_odds_are_the_unrounded_product(odds: list[Decimal]) -> None:
    ticket = Ticket("t", legs(*odds), STAKE)
    product = Fraction(1)
    for price in odds:
        product *= Fraction(price)
    assert Fraction(ticket.combined_odds) == product


def test_quoting_records_the_quote() -> None:
    ticket = Ticket.quote("t", legs("2.00", "3.00"), STAKE)
    assert ticket.status is TicketStatus.QUOTED
    assert ticket.events == [TicketQuoted("t", STAKE, Decimal("6.0000"), 2)]


def test_two_legs_on_one_fixture_are_refused_by_no_correlated_legs() -> None:
    with pytest.raises(RuleViolation) as refused:
        Ticket(
            "t", [leg("F1", "2.0"), leg("F1", "1.8", market="totals", selection="over", line="2.5")], STAKE
        )
    assert refused.value.rule == "NoCorrelatedLegs"
    assert "F1" in str(refused.value)


def test_two_legs_of_one_correlation_group_are_refused_by_no_correlated_legs() -> None:
    pair = [leg("F1", "2.0", correlation_group="derby-day"), leg("F2", "1.8", correlation_group="derby-day")]
    with pytest.raises(RuleViolation) as refused:
        Ticket("t", pair, STAKE)
    assert refused.value.rule == "NoCorrelatedLegs"
    assert "derby-day" in str(refused.value)


def test_legs_of_different_correlation_groups_may_be_combined() -> None:
    pair = [leg("F1", "2.0", correlation_group="a"), leg("F2", "1.8", correlation_group="b")]
    assert Ticket("t", pair, STAKE).kind is TicketKind.ACCUMULATOR


def test_a_ticket_without_legs_is_refused() -> None:
    with pytest.raises(RuleViolation) as refused:
        Ticket("t", [], STAKE)
    assert refused.value.rule == "TicketHasLegs"


@pytest.mark.parametrize(
    "stake", [Decimal(0), Decimal("-5"), Decimal("NaN"), Decimal("Infinity"), Decimal("0.001")]
)
def test_a_stake_must_be_positive_whole_cents(stake: Decimal) -> None:
    with pytest.raises(RuleViolation) as refused:
        Ticket("t", legs("2.0"), stake)
    assert refused.value.rule == "StakeIsPositive"


def test_a_float_stake_is_refused() -> None:
    with pytest.raises(RuleViolation, match="StakeIsPositive"):
        Ticket("t", legs("2.0"), 10.0)  # type: ignore[arg-type]


def test_a_leg_needs_a_fixture() -> None:
    with pytest.raises(DomainError, match="fixture_id"):
        leg("", "2.0")


def test_the_full_lifecycle_records_one_event_per_step() -> None:
    ticket = Ticket("t", legs("2.50"), STAKE)
    ticket.issue()
    payout = ticket.settle({"F1": LegResult.WIN})
    assert ticket.status is TicketStatus.SETTLED
    assert payout == ticket.payout == Decimal("25.00")
    assert ticket.results == (LegSettlement(LegResult.WIN),)
    assert ticket.events == [
        TicketIssued("t", STAKE, Decimal("2.50")),
        TicketSettled("t", STAKE, Decimal("25.00")),
    ]


@pytest.mark.parametrize("status", [TicketStatus.QUOTED, TicketStatus.ISSUED])
def test_a_ticket_can_be_cancelled_before_settlement(status: TicketStatus) -> None:
    ticket = Ticket("t", legs("2.50"), STAKE)
    if status is TicketStatus.ISSUED:
        ticket.issue()
    ticket.cancel("customer request")
    assert ticket.status is TicketStatus.CANCELLED
    assert ticket.events[-1] == TicketCancelled("t", "customer request")


def test_voiding_refunds_the_stake() -> None:
    ticket = issued(Ticket("t", legs("2.50"), STAKE))
    ticket.void("match abandoned")
    assert ticket.status is TicketStatus.VOIDED
    assert ticket.payout == STAKE
    assert ticket.events[-1] == TicketVoided("t", STAKE, "match abandoned")


def test_a_ticket_whose_legs_are_all_void_is_voided() -> None:
    ticket = issued(Ticket("t", legs("2.50", "1.90"), STAKE))
    assert ticket.settle({"F1": LegResult.VOID, "F2": LegResult.VOID}) == STAKE
    assert ticket.status is TicketStatus.VOIDED
    assert isinstance(ticket.events[-1], TicketVoided)


def _settled() -> Ticket:
    ticket = issued(Ticket("t", legs("2.50"), STAKE))
    ticket.settle({"F1": LegResult.LOSS})
    return ticket


def _cancelled() -> Ticket:
    ticket = Ticket("t", legs("2.50"), STAKE)
    ticket.cancel("typo")
    return ticket


@pytest.mark.parametrize(
    ("make", "move"),
    [
        (lambda: Ticket("t", legs("2.5"), STAKE), lambda t: t.settle({"F1": LegResult.WIN})),
        (lambda: Ticket("t", legs("2.5"), STAKE), lambda t: t.void("x")),
        (lambda: issued(Ticket("t", legs("2.5"), STAKE)), lambda t: t.issue()),
        (_settled, lambda t: t.cancel("too late")),
        (_settled, lambda t: t.settle({"F1": LegResult.WIN})),
        (_settled, lambda t: t.void("x")),
        (_cancelled, lambda t: t.issue()),
        (_cancelled, lambda t: t.cancel("again")),
    ],
)
def test_invalid_moves_are_refused_by_the_lifecycle_rule(make: object, move: object) -> None:
    ticket = make()  # type: ignore[operator]
    status, events = ticket.status, list(ticket.events)
    with pytest.raises(RuleViolation) as refused:
        move(ticket)  # type: ignore[operator]
    assert refused.value.rule == "TicketLifecycle"
    assert (ticket.status, ticket.events) == (status, events)


def test_settlement_needs_a_result_for_every_leg() -> None:
    ticket = issued(Ticket("t", legs("2.0", "3.0"), STAKE))
    with pytest.raises(InvalidSettlement, match="F2"):
        ticket.settle({"F1": LegResult.WIN})
    assert ticket.status is TicketStatus.ISSUED


def test_settlement_refuses_a_result_for_a_fixture_not_on_the_ticket() -> None:
    ticket = issued(Ticket("t", legs("2.0"), STAKE))
    with pytest.raises(InvalidSettlement, match="F9"):
        ticket.settle({"F1": LegResult.WIN, "F9": LegResult.WIN})
    assert ticket.status is TicketStatus.ISSUED
    assert ticket.payout is None


@pytest.mark.parametrize(
    ("current", "allowed"),
    [
        (TicketStatus.ISSUED, True),
        (TicketStatus.PLACED, True),
        (TicketStatus.PARTIALLY_PLACED, True),
        (TicketStatus.REJECTED, False),
        (TicketStatus.SETTLED, False),
        (TicketStatus.QUOTED, False),
    ],
)
def test_settlement_may_set_aside_an_issued_or_placed_ticket_but_no_other(
    current: TicketStatus, allowed: bool
) -> None:
    assert (TicketLifecycle(current, TicketStatus.NEEDS_REVIEW).violation() is None) is allowed


@pytest.mark.parametrize("target", sorted(TicketStatus))
def test_a_ticket_set_aside_for_review_leaves_it_only_settled_voided_or_cancelled(
    target: TicketStatus,
) -> None:
    allowed = {TicketStatus.SETTLED, TicketStatus.VOIDED, TicketStatus.CANCELLED}
    assert (TicketLifecycle(TicketStatus.NEEDS_REVIEW, target).violation() is None) is (target in allowed)
