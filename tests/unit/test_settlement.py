from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import DomainError, InvalidMarket, InvalidSettlement
from domain.legs import settle_line_leg
from domain.lines import LineOutcome
from domain.money import round_down_to_cent
from domain.odds import Odds
from domain.settlement import (
    LegResult,
    LegSettlement,
    exact_return,
    from_line_outcome,
    payout,
)
from domain.tickets import Ticket
from tests.betting_builders import leg, legs

prices = st.decimals(min_value="1.01", max_value="100", places=2).map(lambda d: Odds(d))
stakes = st.decimals(min_value="0.01", max_value="100000", places=2)
plain_results = st.sampled_from([r for r in LegResult if r is not LegResult.DEAD_HEAT]).map(LegSettlement)
factors = st.fractions(min_value=Fraction(1, 10), max_value=1, max_denominator=12).filter(lambda f: f > 0)
any_result = st.one_of(plain_results, factors.map(LegSettlement.dead_heat))


def single(stake: str, odds: str, result: LegSettlement) -> Decimal:
    return payout(Decimal(stake), [(Odds(Decimal(odds)), result)])


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        (LegResult.WIN, "25.00"),
        (LegResult.LOSS, "0.00"),
        (LegResult.PUSH, "10.00"),
        (LegResult.VOID, "10.00"),
        (LegResult.HALF_WIN, "17.50"),
        (LegResult.HALF_LOSS, "5.00"),
    ],
)
def test_a_single_pays_stake_times_its_leg_multiplier(result: LegResult, expected: str) -> None:
    assert single("10.00", "2.50", LegSettlement(result)) == Decimal(expected)


@pytest.mark.parametrize(("factor", "expected"), [(Fraction(1, 2), "25.00"), (Fraction(1, 3), "16.66")])
def test_a_dead_heat_pays_the_odds_times_the_factor(factor: Fraction, expected: str) -> None:
    assert single("10.00", "5.00", LegSettlement.dead_heat(factor)) == Decimal(expected)


@pytest.mark.parametrize(
    "settlement",
    [
        lambda: LegSettlement(LegResult.DEAD_HEAT),
        lambda: LegSettlement(LegResult.WIN, Fraction(1, 2)),
        lambda: LegSettlement.dead_heat(Fraction(0)),
        lambda: LegSettlement.dead_heat(Fraction(3, 2)),
        lambda: LegSettlement.dead_heat(0.5),  # type: ignore[arg-type]
    ],
)
def test_a_dead_heat_needs_a_factor_in_zero_one(settlement: object) -> None:
    with pytest.raises(InvalidSettlement, match="dead-heat factor"):
        settlement()  # type: ignore[operator]


def test_a_losing_leg_loses_the_accumulator() -> None:
    odds = [Odds(Decimal("2.0")), Odds(Decimal("3.0"))]
    results = [LegSettlement(LegResult.WIN), LegSettlement(LegResult.LOSS)]
    assert payout(Decimal("10.00"), zip(odds, results, strict=True)) == Decimal("0.00")


def test_payouts_are_rounded_down_to_the_cent() -> None:
    treble = [(Odds(Decimal("1.33")), LegSettlement(LegResult.WIN))] * 3
    assert exact_return(Decimal("10.00"), treble) == Fraction("23.52637")
    assert payout(Decimal("10.00"), treble) == Decimal("23.52")


@given(stakes, st.lists(st.tuples(prices, any_result), min_size=1, max_size=6))
def test_the_payout_is_at_most_a_cent_below_the_exact_return(
    stake: Decimal, priced: list[tuple[Odds, LegSettlement]]
) -> None:
    exact, paid = exact_return(stake, priced), payout(stake, priced)
    assert paid.as_tuple().exponent == -2
    assert exact - Fraction(1, 100) < Fraction(paid) <= exact


def test_rounding_a_negative_return_is_refused() -> None:
    with pytest.raises(InvalidSettlement):
        round_down_to_cent(Fraction(-1, 3))


@given(stakes, st.lists(st.tuples(prices, any_result), max_size=5), prices, st.integers(0, 5))
def test_an_accumulator_with_a_void_leg_pays_like_the_accumulator_without_it(
    stake: Decimal, priced: list[tuple[Odds, LegSettlement]], void_odds: Odds, position: int
) -> None:
    with_void = [*priced]
    with_void.insert(min(position, len(priced)), (void_odds, LegSettlement(LegResult.VOID)))
    assert payout(stake, with_void) == payout(stake, priced)


@given(stakes, prices)
def test_half_win_is_the_average_of_win_and_push(stake: Decimal, odds: Odds) -> None:
    def ret(result: LegResult) -> Fraction:
        return exact_return(stake, [(odds, LegSettlement(result))])

    assert ret(LegResult.HALF_WIN) == (ret(LegResult.WIN) + ret(LegResult.PUSH)) / 2
    assert ret(LegResult.HALF_LOSS) == (ret(LegResult.LOSS) + ret(LegResult.PUSH)) / 2


@given(prices, st.sampled_from(list(LineOutcome)))
def test_line_outcomes_pay_what_the_line_rule_says(odds: Odds, outcome: LineOutcome) -> None:
    settlement = LegSettlement(from_line_outcome(outcome))
    assert settlement.multiplier(odds) == Fraction(outcome.return_multiplier(odds.decimal))


@pytest.mark.parametrize(
    ("market", "selection", "line", "score", "expected"),
    [
        ("asian_handicap", "home", "-0.25", (1, 1), LineOutcome.HALF_LOSS),
        ("asian_handicap", "away", "0.25", (1, 1), LineOutcome.HALF_WIN),
        ("asian_handicap", "away", "-1", (0, 1), LineOutcome.PUSH),
        ("asian_handicap", "home", "-1.5", (3, 1), LineOutcome.WIN),
        ("totals", "over", "2.5", (2, 1), LineOutcome.WIN),
        ("totals", "under", "2.5", (2, 1), LineOutcome.LOSS),
        ("totals", "under", "2.75", (2, 1), LineOutcome.HALF_LOSS),
        ("totals", "over", "3", (2, 1), LineOutcome.PUSH),
    ],
)
def test_line_legs_settle_from_the_final_score(
    market: str, selection: str, line: str, score: tuple[int, int], expected: LineOutcome
) -> None:
    bet = leg("F1", "1.90", market=market, selection=selection, line=line)
    assert settle_line_leg(bet, *score) is expected


def test_a_leg_without_line_or_on_another_market_cannot_be_settled_by_line() -> None:
    with pytest.raises(DomainError, match="no line"):
        settle_line_leg(leg("F1", "2.0", market="totals", selection="over"), 1, 0)
    with pytest.raises(DomainError, match="not a line leg"):
        settle_line_leg(leg("F1", "2.0", market="1x2", line="0"), 1, 0)
    with pytest.raises(InvalidMarket):
        settle_line_leg(leg("F1", "2.0", market="totals", selection="over", line="2.1"), 1, 0)


def test_a_handicap_double_settles_through_the_line_rule() -> None:
    ticket = Ticket(
        "t",
        [
            leg("A", "2.00", market="asian_handicap", selection="home", line="-0.25"),
            leg("B", "1.90", market="totals", selection="over", line="2.5"),
        ],
        Decimal("10.00"),
    )
    ticket.issue()
    scores = {"A": (1, 1), "B": (2, 1)}
    results = {
        bet.fixture_id: from_line_outcome(settle_line_leg(bet, *scores[bet.fixture_id]))
        for bet in ticket.legs
    }
    assert ticket.settle(results) == Decimal("9.50")


def test_a_ticket_settles_a_dead_heat_leg_in_an_accumulator() -> None:
    ticket = Ticket("t", legs("4.00", "2.00"), Decimal("10.00"))
    ticket.issue()
    assert ticket.settle({"F1": LegSettlement.dead_heat(Fraction(1, 2)), "F2": LegResult.WIN}) == Decimal(
        "40.00"
    )
