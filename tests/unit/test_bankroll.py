from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from domain.bankroll import Bankroll
from domain.betting import cancel_ticket, issue_ticket, settle_ticket, void_ticket
from domain.errors import DomainError, RuleViolation
from domain.events import (
    MaxDrawdownTriggered,
    ReturnPosted,
    StakeReleased,
    StakeReserved,
    StopLossTriggered,
    TakeProfitTriggered,
)
from domain.ledger import Account, Entry, Posting
from domain.risk import (
    MaxDrawdown,
    MaxExposurePerDay,
    MaxExposurePerFixture,
    StakeRequest,
    StakeRule,
    StopLoss,
    TakeProfit,
)
from domain.settlement import LegResult, LegSettlement
from domain.tickets import Ticket, TicketStatus
from tests.betting_builders import leg, legs

DAY = date(2024, 5, 1)
START = Decimal("1000.00")
ZERO = Decimal(0)


def bankroll(*rules: StakeRule) -> Bankroll:
    return Bankroll("main", START, rules)


def request(ticket_id: str, stake: str, *fixtures: str, day: date = DAY) -> StakeRequest:
    return StakeRequest(ticket_id, Decimal(stake), frozenset(fixtures or {"F1"}), day)


def play(book: Bankroll, ticket_id: str, stake: str, payout: str, day: date = DAY) -> None:
    book.reserve(request(ticket_id, stake, ticket_id, day=day))
    book.settle(ticket_id, Decimal(payout), day)


def refused_by(book: Bankroll, req: StakeRequest) -> str:
    ledger_before = book.ledger.postings
    with pytest.raises(RuleViolation) as refused:
        book.reserve(req)
    assert book.ledger.postings == ledger_before
    assert not book.holds(req.ticket_id)
    return refused.value.rule


def test_opening_puts_the_starting_balance_in_available() -> None:
    book = bankroll()
    assert (book.available, book.at_risk, book.bookmaker, book.balance) == (START, ZERO, ZERO, START)
    assert book.ledger.balance(Account.CAPITAL) == -START


def test_reserving_moves_the_stake_to_at_risk() -> None:
    book = bankroll()
    book.reserve(request("t1", "50.00"))
    assert (book.available, book.at_risk, book.balance) == (Decimal("950.00"), Decimal("50.00"), START)
    assert book.events == [StakeReserved("main", "t1", Decimal("50.00"), DAY)]


def test_releasing_gives_the_stake_back() -> None:
    book = bankroll()
    book.reserve(request("t1", "50.00"))
    book.release("t1")
    assert (book.available, book.at_risk) == (START, ZERO)
    assert book.events[-1] == StakeReleased("main", "t1", Decimal("50.00"))


def test_settling_pays_the_stake_to_the_bookmaker_and_collects_the_payout() -> None:
    book = bankroll()
    play(book, "t1", "50.00", "125.00")
    assert (book.available, book.at_risk, book.bookmaker) == (Decimal("1075.00"), ZERO, Decimal("-75.00"))
    assert book.realised_profit(None, DAY) == Decimal("75.00")
    assert book.events[-1] == ReturnPosted("main", "t1", Decimal("50.00"), Decimal("125.00"), DAY)
    entries = book.ledger.postings[-1].entries
    assert sum(entry.amount for entry in entries) == 0


def test_an_unbalanced_posting_is_refused() -> None:
    with pytest.raises(RuleViolation) as refused:
        Posting(
            "t1", "bad", (Entry(Account.AVAILABLE, Decimal("1")), Entry(Account.AT_RISK, Decimal("-0.99")))
        )
    assert refused.value.rule == "BalancedPosting"


def test_a_stake_above_the_available_money_is_refused_by_stake_within_bankroll() -> None:
    book = bankroll()
    book.reserve(request("t1", "900.00"))
    assert refused_by(book, request("t2", "100.01")) == "StakeWithinBankroll"
    book.reserve(request("t3", "100.00"))
    assert book.available == 0


@pytest.mark.parametrize("amount", ["-1", "0.001", "NaN"])
def test_amounts_must_be_non_negative_whole_cents(amount: str) -> None:
    with pytest.raises(DomainError, match="whole cents"):
        Bankroll("b", Decimal(amount))
    with pytest.raises(DomainError, match="whole cents"):
        bankroll().reserve(request("t1", amount))


def test_a_stake_is_reserved_once_and_released_once() -> None:
    book = bankroll()
    book.reserve(request("t1", "10.00"))
    with pytest.raises(DomainError, match="already reserved"):
        book.reserve(request("t1", "10.00"))
    book.release("t1")
    with pytest.raises(DomainError, match="no stake is reserved"):
        book.release("t1")
    with pytest.raises(DomainError, match="no stake is reserved"):
        book.settle("t1", Decimal("0.00"), DAY)


def test_max_exposure_per_fixture_counts_every_ticket_on_the_fixture() -> None:
    book = bankroll(MaxExposurePerFixture(Decimal("100.00")))
    book.reserve(request("single", "60.00", "A"))
    book.reserve(request("double", "30.00", "A", "B"))
    assert book.fixture_exposure("A") == Decimal("90.00")
    assert book.fixture_exposure("B") == Decimal("30.00")
    assert refused_by(book, request("t3", "10.01", "C", "A")) == "MaxExposurePerFixture"
    book.reserve(request("t4", "10.00", "A"))


def test_settled_tickets_no_longer_count_as_exposure() -> None:
    book = bankroll(MaxExposurePerFixture(Decimal("100.00")))
    book.reserve(request("t1", "100.00", "A"))
    book.settle("t1", Decimal("0.00"), DAY)
    book.reserve(request("t2", "100.00", "A"))


def test_max_exposure_per_day_looks_at_the_day_of_the_stake() -> None:
    book = bankroll(MaxExposurePerDay(Decimal("100.00")))
    book.reserve(request("t1", "80.00", "A"))
    assert refused_by(book, request("t2", "30.00", "B")) == "MaxExposurePerDay"
    book.reserve(request("t3", "30.00", "B", day=DAY + timedelta(days=1)))
    assert book.day_exposure(DAY) == Decimal("80.00")


def test_stop_loss_triggers_once_the_daily_loss_reaches_the_limit() -> None:
    book = bankroll(StopLoss(Decimal("100.00")))
    play(book, "t1", "60.00", "0.00")
    assert not any(isinstance(event, StopLossTriggered) for event in book.events)
    play(book, "t2", "40.00", "0.00")
    triggered = [event for event in book.events if isinstance(event, StopLossTriggered)]
    assert len(triggered) == 1
    assert triggered[0].rule == "StopLoss"
    assert triggered[0].day == DAY
    assert refused_by(book, request("t3", "1.00")) == "StopLoss"
    book.reserve(request("t4", "1.00", day=DAY + timedelta(days=1)))


def test_stop_loss_over_several_days_adds_up_their_losses() -> None:
    book = bankroll(StopLoss(Decimal("100.00"), days=3))
    play(book, "t1", "60.00", "0.00", day=DAY)
    play(book, "t2", "40.00", "0.00", day=DAY + timedelta(days=2))
    assert refused_by(book, request("t3", "1.00", day=DAY + timedelta(days=2))) == "StopLoss"
    book.reserve(request("t4", "1.00", day=DAY + timedelta(days=3)))


def test_a_win_on_an_open_ticket_can_bring_the_loss_back_under_the_stop_loss() -> None:
    book = bankroll(StopLoss(Decimal("100.00"), days=None))
    book.reserve(request("open", "10.00", "B"))
    play(book, "t1", "100.00", "0.00")
    assert refused_by(book, request("t2", "1.00")) == "StopLoss"
    book.settle("open", Decimal("20.00"), DAY)
    book.reserve(request("t3", "1.00"))


def test_take_profit_triggers_once_the_profit_reaches_the_target() -> None:
    book = bankroll(TakeProfit(Decimal("200.00")))
    play(book, "t1", "100.00", "250.00")
    assert not any(isinstance(event, TakeProfitTriggered) for event in book.events)
    play(book, "t2", "50.00", "100.00")
    assert [e.rule for e in book.events if isinstance(e, TakeProfitTriggered)] == ["TakeProfit"]
    assert refused_by(book, request("t3", "1.00")) == "TakeProfit"


def test_max_drawdown_triggers_when_the_balance_falls_the_fraction_below_its_peak() -> None:
    book = bankroll(MaxDrawdown(Decimal("0.2")))
    play(book, "t1", "100.00", "600.00")
    assert book.peak_balance == Decimal("1500.00")
    play(book, "t2", "299.99", "0.00")
    assert not any(isinstance(event, MaxDrawdownTriggered) for event in book.events)
    play(book, "t3", "1.00", "0.00")
    assert book.balance == Decimal("1199.01")
    assert [e.rule for e in book.events if isinstance(e, MaxDrawdownTriggered)] == ["MaxDrawdown"]
    assert refused_by(book, request("t4", "1.00")) == "MaxDrawdown"


@pytest.mark.parametrize(
    "make",
    [
        lambda: StopLoss(Decimal(0)),
        lambda: StopLoss(Decimal(10), days=0),
        lambda: TakeProfit(Decimal(-1)),
        lambda: MaxDrawdown(Decimal(1)),
        lambda: MaxDrawdown(Decimal(0)),
        lambda: MaxExposurePerFixture(Decimal("NaN")),
        lambda: MaxExposurePerDay(100),  # type: ignore[arg-type]
    ],
)
def test_risk_limits_must_make_sense(make: object) -> None:
    with pytest.raises(DomainError, match="invalid"):
        make()  # type: ignore[operator]


def test_issuing_a_refused_ticket_changes_neither_the_ticket_nor_the_bankroll() -> None:
    book = bankroll(MaxExposurePerFixture(Decimal("5.00")))
    ticket = Ticket("t1", legs("2.0"), Decimal("10.00"))
    with pytest.raises(RuleViolation, match="MaxExposurePerFixture"):
        issue_ticket(ticket, book, DAY)
    assert ticket.status is TicketStatus.QUOTED
    assert book.at_risk == 0


def test_issuing_a_ticket_twice_is_refused_before_the_bankroll_is_touched() -> None:
    book, ticket = bankroll(), Ticket("t1", legs("2.0"), Decimal("10.00"))
    issue_ticket(ticket, book, DAY)
    with pytest.raises(RuleViolation, match="TicketLifecycle"):
        issue_ticket(ticket, book, DAY)
    assert book.at_risk == Decimal("10.00")


def test_cancelling_an_issued_ticket_releases_its_stake() -> None:
    book, ticket = bankroll(), Ticket("t1", legs("2.0"), Decimal("10.00"))
    issue_ticket(ticket, book, DAY)
    cancel_ticket(ticket, book, "customer request")
    assert ticket.status is TicketStatus.CANCELLED
    assert book.available == START


def test_a_ticket_voided_by_its_results_gets_its_stake_back() -> None:
    book, ticket = bankroll(), Ticket("t1", legs("2.0", "3.0"), Decimal("10.00"))
    issue_ticket(ticket, book, DAY)
    assert settle_ticket(ticket, book, {"F1": LegResult.VOID, "F2": LegResult.VOID}, DAY) == Decimal("10.00")
    assert ticket.status is TicketStatus.VOIDED
    assert book.available == START
    assert book.bookmaker == 0


def test_settling_a_ticket_the_bankroll_does_not_hold_changes_nothing() -> None:
    ticket = Ticket("t1", legs("2.0"), Decimal("10.00"))
    ticket.issue()
    with pytest.raises(DomainError, match="holds no stake"):
        settle_ticket(ticket, bankroll(), {"F1": LegResult.WIN}, DAY)
    assert ticket.status is TicketStatus.ISSUED


leg_results = st.one_of(
    st.sampled_from([r for r in LegResult if r is not LegResult.DEAD_HEAT]).map(LegSettlement),
    st.sampled_from([Fraction(1, 2), Fraction(1, 3)]).map(LegSettlement.dead_heat),
)


class BettingSequences(RuleBasedStateMachine):
    """Random sequences of issue / settle / void / cancel under every risk rule: money is conserved."""

    def __init__(self) -> None:
        super().__init__()
        self.book = Bankroll(
            "prop",
            START,
            [
                MaxExposurePerFixture(Decimal("400.00")),
                MaxExposurePerDay(Decimal("500.00")),
                StopLoss(Decimal("150.00"), days=2),
                TakeProfit(Decimal("800.00")),
                MaxDrawdown(Decimal("0.3")),
            ],
        )
        self.open: list[Ticket] = []
        self.count = 0

    @rule(
        stake=st.decimals(min_value="0.01", max_value="450", places=2),
        odds=st.lists(st.decimals(min_value="1.01", max_value="8", places=2), min_size=1, max_size=3),
        first_fixture=st.integers(0, 5),
        day=st.integers(0, 4),
    )
    def issue(self, stake: Decimal, odds: list[Decimal], first_fixture: int, day: int) -> None:
        self.count += 1
        fixtures = [f"F{(first_fixture + i) % 6}" for i in range(len(odds))]
        ticket = Ticket(f"t{self.count}", [leg(f, o) for f, o in zip(fixtures, odds, strict=True)], stake)
        try:
            issue_ticket(ticket, self.book, DAY + timedelta(days=day))
        except RuleViolation:
            assert ticket.status is TicketStatus.QUOTED
            return
        self.open.append(ticket)

    @precondition(lambda self: self.open)
    @rule(
        pick=st.integers(0, 100), results=st.lists(leg_results, min_size=3, max_size=3), day=st.integers(0, 4)
    )
    def settle(self, pick: int, results: list[LegSettlement], day: int) -> None:
        ticket = self.open.pop(pick % len(self.open))
        by_fixture = {bet.fixture_id: result for bet, result in zip(ticket.legs, results, strict=False)}
        settle_ticket(ticket, self.book, by_fixture, DAY + timedelta(days=day))

    @precondition(lambda self: self.open)
    @rule(pick=st.integers(0, 100), cancel=st.booleans())
    def withdraw(self, pick: int, cancel: bool) -> None:
        ticket = self.open.pop(pick % len(self.open))
        (cancel_ticket if cancel else void_ticket)(ticket, self.book, "withdrawn")

    @invariant()
    def ledger_entries_sum_to_zero(self) -> None:
        assert sum(entry.amount for entry in self.book.ledger.entries()) == 0

    @invariant()
    def the_accounts_hold_the_starting_balance(self) -> None:
        book = self.book
        assert book.available + book.at_risk + book.bookmaker == START
        assert book.at_risk == sum((t.stake for t in self.open), Decimal(0))
        assert book.available >= 0


BettingSequences.TestCase.settings = settings(max_examples=60, stateful_step_count=25, deadline=None)
test_betting_sequences_conserve_money = BettingSequences.TestCase


def test_cancelling_a_ticket_set_aside_for_review_releases_its_stake() -> None:
    book, ticket = bankroll(), Ticket("t1", legs("2.0"), Decimal("10.00"))
    issue_ticket(ticket, book, DAY)
    ticket.status = TicketStatus.NEEDS_REVIEW  # as settlement stores it (its stake stays reserved)
    cancel_ticket(ticket, book, "reviewed: the event never took place")
    assert ticket.status is TicketStatus.CANCELLED
    assert book.available == START
    assert book.at_risk == 0
