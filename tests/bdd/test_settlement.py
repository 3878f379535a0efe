"""Step definitions for features/bdd/settlement.feature: tickets settled with domain.tickets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from domain.errors import RuleViolation
from domain.legs import Leg, settle_line_leg
from domain.settlement import LegResult, LegSettlement, exact_return, from_line_outcome
from domain.tickets import Ticket, TicketStatus
from tests.betting_builders import leg, legs

scenarios("settlement.feature")

ORDINALS = {"first": 0, "second": 1, "third": 2}
RESULTS = {
    "wins": LegResult.WIN,
    "loses": LegResult.LOSS,
    "is void": LegResult.VOID,
    "is a push": LegResult.PUSH,
    "wins half": LegResult.HALF_WIN,
    "loses half": LegResult.HALF_LOSS,
}


@dataclass
class Betting:
    ticket: Ticket | None = None
    results: dict[str, LegSettlement] = field(default_factory=dict)
    refusal: RuleViolation | None = None

    @property
    def issued(self) -> Ticket:
        assert self.ticket is not None
        return self.ticket

    def record(self, position: int, result: LegSettlement) -> None:
        self.results[self.issued.legs[position].fixture_id] = result

    def settled(self) -> Ticket:
        if self.issued.status is TicketStatus.ISSUED:
            self.issued.settle(self.results)
        return self.issued


def parse_result(text: str) -> LegSettlement:
    dead_heat = re.fullmatch(r"finishes in a dead heat shared by (\d+)", text)
    if dead_heat:
        return LegSettlement.dead_heat(Fraction(1, int(dead_heat.group(1))))
    return LegSettlement(RESULTS[text])


@pytest.fixture
def betting() -> Betting:
    return Betting()


@given(parsers.re(r"a (?P<stake>[\d.]+) stake on an? (?:single|double|treble) at (?P<odds>[\d., and]+)$"))
def stake_on_prices(betting: Betting, stake: str, odds: str) -> None:
    prices = re.split(r",\s*|\s+and\s+", odds)
    betting.ticket = Ticket("ticket", legs(*prices), Decimal(stake))
    betting.ticket.issue()


@given(
    parsers.parse(
        "a {stake} stake on a double of home {line} at {home_odds} in match {first} "
        "and over {total} goals at {over_odds} in match {second}"
    )
)
def stake_on_lines(
    betting: Betting,
    stake: str,
    line: str,
    home_odds: str,
    first: str,
    total: str,
    over_odds: str,
    second: str,
) -> None:
    pair = [
        leg(first, home_odds, market="asian_handicap", selection="home", line=line),
        leg(second, over_odds, market="totals", selection="over", line=total),
    ]
    betting.ticket = Ticket("ticket", pair, Decimal(stake))
    betting.ticket.issue()


@when(parsers.re(r"the (?P<which>first|second|third) leg (?P<result>.+)$"))
def leg_result(betting: Betting, which: str, result: str) -> None:
    betting.record(ORDINALS[which], parse_result(result))


@when(parsers.re(r"the leg (?P<result>.+)$"))
def single_leg_result(betting: Betting, result: str) -> None:
    betting.record(0, parse_result(result))


@when(parsers.parse("match {first} ends {a:d}-{b:d} and match {second} ends {c:d}-{d:d}"))
def matches_end(betting: Betting, first: str, a: int, b: int, second: str, c: int, d: int) -> None:
    scores = {first: (a, b), second: (c, d)}
    for bet in betting.issued.legs:
        betting.results[bet.fixture_id] = LegSettlement(
            from_line_outcome(settle_line_leg(bet, *scores[bet.fixture_id]))
        )


@when("the ticket is settled")
def ticket_is_settled(betting: Betting) -> None:
    betting.settled()


@when("a double of the home win and over 2.5 goals in the same match is requested")
def same_match_double(betting: Betting) -> None:
    pair: list[Leg] = [leg("A", "2.10"), leg("A", "1.80", market="totals", selection="over", line="2.5")]
    with pytest.raises(RuleViolation) as refused:
        Ticket("ticket", pair, Decimal("10.00"))
    betting.refusal = refused.value


@then(parsers.parse("the ticket pays {amount}"))
def ticket_pays(betting: Betting, amount: str) -> None:
    ticket = betting.settled()
    assert ticket.status is TicketStatus.SETTLED
    assert ticket.payout == Decimal(amount)


@then(parsers.re(r"the (?P<which>first|second|third) leg (?P<result>.+)$"))
def leg_settled_as(betting: Betting, which: str, result: str) -> None:
    fixture = betting.issued.legs[ORDINALS[which]].fixture_id
    assert betting.results[fixture] == parse_result(result)


@then(parsers.parse("the ticket is void and {amount} is refunded"))
def ticket_void(betting: Betting, amount: str) -> None:
    ticket = betting.settled()
    assert ticket.status is TicketStatus.VOIDED
    assert ticket.payout == Decimal(amount)


@then(parsers.parse("the exact return is {amount}"))
def exact_return_is(betting: Betting, amount: str) -> None:
    ticket = betting.issued
    settlements = [betting.results[bet.fixture_id] for bet in ticket.legs]
    priced = zip((bet.odds for bet in ticket.legs), settlements, strict=True)
    assert exact_return(ticket.stake, priced) == Fraction(amount)


@then(parsers.parse("the ticket is refused under the rule {rule}"))
def refused_under(betting: Betting, rule: str) -> None:
    assert betting.refusal is not None
    assert betting.refusal.rule == rule


@then(parsers.parse("cancelling the ticket is refused under the rule {rule}"))
def cancel_refused(betting: Betting, rule: str) -> None:
    with pytest.raises(RuleViolation) as refused:
        betting.issued.cancel("customer request")
    assert refused.value.rule == rule
    assert betting.issued.status is TicketStatus.SETTLED
