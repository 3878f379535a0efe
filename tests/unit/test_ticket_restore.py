"""A stored ticket restores as the aggregate in its stored state (no event), on the terms it settles on;
a leg's result comes from its fixture's state in the catalogue (domain.settlement.leg_result)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from domain.errors import InvalidSettlement, RuleViolation
from domain.markets import FixtureState, FixtureStatus, Score
from domain.placement import Placement, PlacementStatus
from domain.settlement import LegResult, NotReady, leg_result
from domain.tickets import Ticket, TicketKind, TicketStatus
from tests.betting_builders import leg, legs

KICKOFF = datetime(2026, 5, 1, 15, tzinfo=UTC)
GRACE, DELAY = timedelta(days=3), timedelta(hours=2, minutes=30)


@dataclass(frozen=True)
class Stored:
    ticket_id: str
    legs: tuple[object, ...]
    stake: Decimal
    status: TicketStatus
    payout: Decimal | None = None
    placed: Placement | None = None


def stored(status: TicketStatus, placed: Placement | None = None, *odds: str) -> Stored:
    return Stored("t1", tuple(legs(*(odds or ("2.00", "1.50")))), Decimal("10.00"), status, None, placed)


def test_an_issued_ticket_restores_issued_with_no_event() -> None:
    ticket = Ticket.restore(stored(TicketStatus.ISSUED))  # type: ignore[arg-type]
    assert ticket.status is TicketStatus.ISSUED
    assert ticket.events == []
    assert ticket.stake == Decimal("10.00")
    assert ticket.combined_odds == Decimal("3.0000")
    assert ticket.kind is TicketKind.ACCUMULATOR


def test_a_placed_ticket_restores_on_its_matched_stake_accepted_odds_and_commission() -> None:
    placed = Placement("betfair", "t1", PlacementStatus.PARTIALLY_MATCHED, Decimal("10.00"), Decimal("6.00"),
                       (Decimal("2.10"), Decimal("1.40")), commission=Decimal("0.05"))  # fmt: skip
    ticket = Ticket.restore(stored(TicketStatus.PARTIALLY_PLACED, placed))  # type: ignore[arg-type]
    assert ticket.status is TicketStatus.PARTIALLY_PLACED
    assert ticket.stake == Decimal("6.00")
    assert ticket.commission == Decimal("0.05")
    assert [leg.odds.decimal for leg in ticket.legs] == [Decimal("2.10"), Decimal("1.40")]
    payout = ticket.settle({"F1": LegResult.WIN, "F2": LegResult.WIN})
    assert (ticket.status, payout) == (TicketStatus.SETTLED, Decimal("17.05"))  # 17.64 less 5 % of 11.64 won


def test_a_restored_ticket_keeps_its_life_cycle_a_settled_one_settles_no_more() -> None:
    done = Stored("t1", tuple(legs("2.00")), Decimal("10.00"), TicketStatus.SETTLED, Decimal("20.00"))
    ticket = Ticket.restore(done)  # type: ignore[arg-type]
    assert ticket.payout == Decimal("20.00")
    with pytest.raises(RuleViolation):
        ticket.settle({"F1": LegResult.WIN})


def state(score: Score | None = None, stored_status: FixtureStatus | None = None) -> FixtureState:
    return FixtureState("F1", "EPL", KICKOFF, stored_status, score)


def test_a_leg_s_result_comes_from_the_final_score_once_public() -> None:
    home = leg("F1", "2.00")
    public = KICKOFF + DELAY
    assert leg_result(home, state(Score(2, 1)), public, GRACE, DELAY) is LegResult.WIN
    assert leg_result(home, state(Score(0, 1)), public, GRACE, DELAY) is LegResult.LOSS
    over = leg("F1", "1.90", market="totals", selection="over", line="2.5")
    assert leg_result(over, state(Score(2, 1)), public, GRACE, DELAY) is LegResult.WIN


def test_a_score_not_yet_public_is_not_ready_and_an_abandoned_fixture_is_void() -> None:
    home = leg("F1", "2.00")
    with pytest.raises(NotReady, match="F1"):
        leg_result(home, state(Score(2, 1)), KICKOFF + DELAY - timedelta(minutes=1), GRACE, DELAY)
    with pytest.raises(NotReady):
        leg_result(home, state(), KICKOFF + DELAY, GRACE, DELAY)
    abandoned = state(stored_status=FixtureStatus.ABANDONED)
    assert leg_result(home, abandoned, KICKOFF + timedelta(hours=1), GRACE, DELAY) is LegResult.VOID
    assert leg_result(home, state(), KICKOFF + GRACE + timedelta(hours=1), GRACE, DELAY) is LegResult.VOID


def test_a_leg_on_a_fixture_the_catalogue_does_not_know_cannot_be_settled() -> None:
    with pytest.raises(InvalidSettlement, match="not in the market catalogue"):
        leg_result(leg("F9", "2.00"), None, KICKOFF, GRACE, DELAY)
