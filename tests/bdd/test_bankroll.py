"""Step definitions for features/bdd/bankroll.feature: the bankroll, its ledger and its risk rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from domain.bankroll import Bankroll, BankrollSnapshot
from domain.betting import cancel_ticket, issue_ticket, settle_ticket
from domain.errors import RuleViolation
from domain.events import RuleTriggered
from domain.ledger import Account
from domain.risk import MaxDrawdown, MaxExposurePerDay, MaxExposurePerFixture, StakeRule, StopLoss, TakeProfit
from domain.settlement import LegResult
from domain.tickets import Ticket
from tests.betting_builders import leg

scenarios("bankroll.feature")

OFFER = (
    r"an? (?P<stake>[\d.]+) (?:single|double) on matche?s? (?P<matches>[\w ]+?) offered on (?P<day>[\d-]+) "
)


@dataclass
class Desk:
    starting: Decimal = Decimal(0)
    rules: list[StakeRule] = field(default_factory=list)
    book: Bankroll | None = None
    tickets: list[Ticket] = field(default_factory=list)

    @property
    def bankroll(self) -> Bankroll:
        if self.book is None:
            self.book = Bankroll("bankroll", self.starting, self.rules)
        return self.book

    def ticket(self, stake: str, matches: str, odds: str = "2.00") -> Ticket:
        fixtures = matches.split(" and ")
        ticket = Ticket(f"t{len(self.tickets) + 1}", [leg(f, odds) for f in fixtures], Decimal(stake))
        self.tickets.append(ticket)
        return ticket

    def triggered(self, rule: str) -> list[RuleTriggered]:
        return [e for e in self.bankroll.events if isinstance(e, RuleTriggered) and e.rule == rule]


@pytest.fixture
def desk() -> Desk:
    return Desk()


@given(parsers.parse("a bankroll of {amount}"))
def bankroll_of(desk: Desk, amount: str) -> None:
    desk.starting = Decimal(amount)


@given(parsers.parse("a limit of {amount} at risk per match"))
def per_match_limit(desk: Desk, amount: str) -> None:
    desk.rules.append(MaxExposurePerFixture(Decimal(amount)))


@given(parsers.parse("a limit of {amount} at risk per day"))
def per_day_limit(desk: Desk, amount: str) -> None:
    desk.rules.append(MaxExposurePerDay(Decimal(amount)))


@given(parsers.parse("a stop-loss of {amount} per day"))
def stop_loss(desk: Desk, amount: str) -> None:
    desk.rules.append(StopLoss(Decimal(amount), days=1))


@given(parsers.parse("a take-profit target of {amount}"))
def take_profit(desk: Desk, amount: str) -> None:
    desk.rules.append(TakeProfit(Decimal(amount)))


@given(parsers.parse("a maximum drawdown of {percent:d}%"))
def max_drawdown(desk: Desk, percent: int) -> None:
    desk.rules.append(MaxDrawdown(Decimal(percent) / 100))


@when(parsers.re(r"an? (?P<stake>[\d.]+) single on match (?P<match>\w+) is issued on (?P<day>[\d-]+)$"))
def issued(desk: Desk, stake: str, match: str, day: str) -> None:
    issue_ticket(desk.ticket(stake, match), desk.bankroll, date.fromisoformat(day))


@when(
    parsers.re(
        r"an? (?P<stake>[\d.]+) single at (?P<odds>[\d.]+) on match (?P<match>\w+) "
        r"is issued and (?P<outcome>won|lost) on (?P<day>[\d-]+)$"
    )
)
def issued_and_settled(desk: Desk, stake: str, odds: str, match: str, outcome: str, day: str) -> None:
    ticket, on = desk.ticket(stake, match, odds), date.fromisoformat(day)
    issue_ticket(ticket, desk.bankroll, on)
    result = LegResult.WIN if outcome == "won" else LegResult.LOSS
    settle_ticket(ticket, desk.bankroll, {match: result}, on)


@when("that ticket is cancelled")
def cancelled(desk: Desk) -> None:
    cancel_ticket(desk.tickets[-1], desk.bankroll, "customer request")


@when(parsers.parse("the bankroll is stored and read back for matches {first} and {second} on {day}"))
def stored_and_read_back(desk: Desk, first: str, second: str, day: str) -> None:
    """What storage keeps of it: balances, peak, profit since opening and the running exposure figures;
    what it reads back: those of the matches and the day a new stake is judged on, no reservation."""
    old, on = desk.bankroll, date.fromisoformat(day)
    snapshot = BankrollSnapshot(
        old.bankroll_id,
        old.starting_balance,
        {account: old.ledger.balance(account) for account in Account},
        reservations={},
        profit_by_day={},
        peak_balance=old.peak_balance,
        fixture_exposure={match: old.fixture_exposure(match) for match in (first, second)},
        day_exposure={on: old.day_exposure(on)},
        profit_total=old.realised_profit(None, on),
        profit_from=on + timedelta(days=1),
    )
    desk.book = Bankroll.restore(snapshot, desk.rules)


@then(parsers.parse("{available} is available and {at_risk} is at risk"))
def balances(desk: Desk, available: str, at_risk: str) -> None:
    assert desk.bankroll.available == Decimal(available)
    assert desk.bankroll.at_risk == Decimal(at_risk)


@then(parsers.parse("the bookmaker account shows {amount}"))
def bookmaker_shows(desk: Desk, amount: str) -> None:
    assert desk.bankroll.bookmaker == Decimal(amount)


@then("every ledger posting adds up to zero")
def postings_balance(desk: Desk) -> None:
    postings = desk.bankroll.ledger.postings
    assert len(postings) >= 3
    assert all(sum(entry.amount for entry in posting.entries) == 0 for posting in postings)


@then(parsers.parse("available, at risk and the bookmaker add up to {amount}"))
def money_conserved(desk: Desk, amount: str) -> None:
    book = desk.bankroll
    assert book.available + book.at_risk + book.bookmaker == Decimal(amount)


@then(parsers.re(OFFER + r"is refused under the rule (?P<rule>\w+)$"))
def refused(desk: Desk, stake: str, matches: str, day: str, rule: str) -> None:
    ticket, at_risk = desk.ticket(stake, matches), desk.bankroll.at_risk
    with pytest.raises(RuleViolation) as refusal:
        issue_ticket(ticket, desk.bankroll, date.fromisoformat(day))
    assert refusal.value.rule == rule
    assert desk.bankroll.at_risk == at_risk


@then(parsers.re(OFFER + r"is accepted$"))
def accepted(desk: Desk, stake: str, matches: str, day: str) -> None:
    at_risk = desk.bankroll.at_risk
    issue_ticket(desk.ticket(stake, matches), desk.bankroll, date.fromisoformat(day))
    assert desk.bankroll.at_risk == at_risk + Decimal(stake)


@then(parsers.parse("the rule {rule} has not been triggered"))
def not_triggered(desk: Desk, rule: str) -> None:
    assert desk.triggered(rule) == []


@then(parsers.parse("the rule {rule} was triggered on {day}"))
def was_triggered(desk: Desk, rule: str, day: str) -> None:
    assert [event.day for event in desk.triggered(rule)] == [date.fromisoformat(day)]


@then(parsers.parse("the balance is {amount}, its highest so far"))
def balance_at_peak(desk: Desk, amount: str) -> None:
    assert desk.bankroll.balance == desk.bankroll.peak_balance == Decimal(amount)
