"""Settlement: what a ticket pays once every leg has a result.

The rules, as an auditor reads them:

1. Each leg becomes a return multiplier, the money it passes on per unit carried into it:
   - win: the odds;
   - loss: 0;
   - push or void: 1 (the money carries on untouched, as if the leg were not there);
   - half win (quarter lines): (1 + odds) / 2, half the money wins at the odds, half is refunded;
   - half loss (quarter lines): 1/2, half the money is lost, half is refunded;
   - dead heat: odds × factor, where the factor is the share paid as a winner (1/2 for two tied for one
     place, 1/3 for three); the rest of the money is lost.
2. A single pays stake × its leg's multiplier. An accumulator pays stake × the product of its legs'
   multipliers: a void leg settles the ticket at the remaining legs' odds, any lost leg loses it all.
3. A leg's result comes from the final score by its market kind (domain.markets): `1x2`, `double_chance`
   and `btts` win or lose; `draw_no_bet` is a push on a draw; `correct_score` wins on the exact score
   ("other" on any score with a side above 5 goals); `totals` and `asian_handicap` follow the line rule of
   domain.lines (push on a whole line, half win or half loss on a quarter line). A leg on a void or
   abandoned fixture is void (`leg_result`): a fixture stands void when abandoned or without a score the
   grace period after kickoff; a score counts once it is public (the result delay after kickoff); before
   that the leg is not ready and nothing is settled.
4. The exact amount is computed with fractions, without rounding on the way, then rounded DOWN to the cent:
   the bettor never gets more than the exact amount and at most 0.009 less. The ledger posts that rounded
   amount, so money is conserved exactly. Combined odds are the exact product of the leg odds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from domain.errors import InvalidSettlement
from domain.legs import LINE_RULES, Leg
from domain.lines import LineOutcome
from domain.markets import (
    CORRECT_SCORE,
    OTHER_SCORE,
    FixtureState,
    FixtureStatus,
    MarketSelection,
    Score,
)
from domain.money import round_down_to_cent
from domain.odds import Odds

__all__ = [
    "LegResult", "LegSettlement", "NotReady", "leg_result", "payout", "result_decided", "settle_selection",
]  # fmt: skip


class NotReady(InvalidSettlement):
    """A leg's fixture has no final score public yet and does not stand void: nothing is settled yet."""


class LegResult(StrEnum):
    WIN = "win"
    LOSS = "loss"
    PUSH = "push"
    VOID = "void"
    HALF_WIN = "half_win"
    HALF_LOSS = "half_loss"
    DEAD_HEAT = "dead_heat"


@dataclass(frozen=True, slots=True)
class LegSettlement:
    """A leg's result; a dead heat also carries the share of the money paid as a winner."""

    result: LegResult
    dead_heat_factor: Fraction | None = None

    def __post_init__(self) -> None:
        if (self.result is LegResult.DEAD_HEAT) != (self.dead_heat_factor is not None):
            raise InvalidSettlement("a dead-heat factor is given with, and only with, a dead-heat result")
        factor = self.dead_heat_factor
        if factor is not None and not (isinstance(factor, Fraction) and 0 < factor <= 1):
            raise InvalidSettlement(f"invalid dead-heat factor {factor!r}: must be a Fraction in (0, 1]")

    @classmethod
    def dead_heat(cls, factor: Fraction) -> LegSettlement:
        return cls(LegResult.DEAD_HEAT, factor)

    def multiplier(self, odds: Odds) -> Fraction:
        """Money passed on per unit carried into the leg (rule 1 of the module docstring)."""
        price = Fraction(odds.decimal)
        multipliers = {
            LegResult.WIN: price,
            LegResult.LOSS: Fraction(0),
            LegResult.PUSH: Fraction(1),
            LegResult.VOID: Fraction(1),
            LegResult.HALF_WIN: (1 + price) / 2,
            LegResult.HALF_LOSS: Fraction(1, 2),
        }
        if self.dead_heat_factor is not None:
            return price * self.dead_heat_factor
        return multipliers[self.result]


SettlementInput = LegResult | LegSettlement


def as_settlement(result: SettlementInput) -> LegSettlement:
    if isinstance(result, LegSettlement):
        return result
    return LegSettlement(LegResult(result))


def from_line_outcome(outcome: LineOutcome) -> LegResult:
    """The leg result of a line bet settled by domain.lines (a line push is a push)."""
    return LegResult(outcome.value)


def exact_return(stake: Decimal, legs: Iterable[tuple[Odds, LegSettlement]]) -> Fraction:
    """Stake × the product of the legs' multipliers, exactly (rule 2)."""
    amount = Fraction(stake)
    for odds, settlement in legs:
        amount *= settlement.multiplier(odds)
    return amount


def payout(stake: Decimal, legs: Iterable[tuple[Odds, LegSettlement]]) -> Decimal:
    """What the ticket pays, rounded down to the cent (rule 3)."""
    return round_down_to_cent(exact_return(stake, legs))


def settle_selection(selection: MarketSelection, score: Score) -> LegResult:
    """The result of one selection from the final score (rule 3); refuses what the catalogue does not know."""
    MarketSelection.parse(selection.market, selection.selection, selection.line)
    home, away = score.home, score.away
    if selection.line is not None:
        return from_line_outcome(
            LINE_RULES[(selection.market, selection.selection)](home, away, selection.line)
        )
    if selection.market == CORRECT_SCORE.code:
        return _win_if(selection.selection == _correct_score(score))
    if selection.market == "draw_no_bet" and home == away:
        return LegResult.PUSH
    return _win_if(_OUTCOMES[(selection.market, selection.selection)](home, away))


def _win_if(won: bool) -> LegResult:
    return LegResult.WIN if won else LegResult.LOSS


def _correct_score(score: Score) -> str:
    shown = f"{score.home}-{score.away}"
    return shown if shown in CORRECT_SCORE.selections else OTHER_SCORE


_OUTCOMES: dict[tuple[str, str], Callable[[int, int], bool]] = {
    ("1x2", "home"): lambda home, away: home > away,
    ("1x2", "draw"): lambda home, away: home == away,
    ("1x2", "away"): lambda home, away: home < away,
    ("double_chance", "home_draw"): lambda home, away: home >= away,
    ("double_chance", "home_away"): lambda home, away: home != away,
    ("double_chance", "draw_away"): lambda home, away: home <= away,
    ("draw_no_bet", "home"): lambda home, away: home > away,
    ("draw_no_bet", "away"): lambda home, away: home < away,
    ("btts", "yes"): lambda home, away: home > 0 and away > 0,
    ("btts", "no"): lambda home, away: home == 0 or away == 0,
}


def result_decided(state: FixtureState, as_of: datetime, grace: timedelta, result_delay: timedelta) -> bool:
    """A final score public at `as_of` (the result delay after kickoff), or a fixture that stands void."""
    if state.stands_void(as_of, grace):
        return True
    return state.status(as_of, grace) is FixtureStatus.FINISHED and as_of >= state.kickoff_at + result_delay


def leg_result(
    leg: Leg, state: FixtureState | None, as_of: datetime, grace: timedelta, result_delay: timedelta
) -> LegResult:
    """A leg's result from its fixture's state in the catalogue at `as_of` (rule 3): void when the fixture
    stands void, else from the final score once it is public (NotReady before); a fixture the catalogue
    does not know cannot be settled."""
    if state is None:
        raise InvalidSettlement(f"fixture {leg.fixture_id} is not in the market catalogue")
    if state.stands_void(as_of, grace):
        return LegResult.VOID
    if state.score is None or not result_decided(state, as_of, grace, result_delay):
        raise NotReady(f"fixture {leg.fixture_id} has no final score known yet")
    return settle_selection(MarketSelection.parse(leg.market, leg.selection, leg.line), state.score)
