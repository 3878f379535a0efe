"""A leg: one selection at one bookmaker's price, the building block of singles and accumulators."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from domain.errors import DomainError
from domain.lines import LineOutcome, settle_handicap, settle_over, settle_under
from domain.odds import Odds

ASIAN_HANDICAP = "asian_handicap"
TOTALS = "totals"


@dataclass(frozen=True, slots=True)
class Leg:
    """One selection on one fixture at a bookmaker's decimal odds.

    `line` is set for line markets and is read from the side selected, as a bettor reads it: "away +0.25"
    is market asian_handicap, selection away, line 0.25; "over 2.5" is market totals, selection over,
    line 2.5. Legs sharing a `correlation_group` are known to move together and may not be combined.
    """

    fixture_id: str
    competition: str
    market: str
    selection: str
    bookmaker: str
    odds: Odds
    line: Decimal | None = None
    correlation_group: str | None = None

    def __post_init__(self) -> None:
        for field_name in ("fixture_id", "market", "selection", "bookmaker"):
            if not getattr(self, field_name):
                raise DomainError(f"invalid leg: {field_name} must not be empty")
        if not isinstance(self.odds, Odds):
            raise DomainError(f"invalid leg odds {self.odds!r}: expected Odds")


def settle_line_leg(leg: Leg, home_goals: int, away_goals: int) -> LineOutcome:
    """Settle an Asian handicap or goals-total leg from the final score with the shared line rule.

    Asian handicap: the selected team's goals plus the line against the other team's goals.
    Totals: over wins when the total goals exceed the line, under when they fall short; equal is a push.
    Quarter lines half-win or half-lose as described in domain.lines.
    """
    if leg.line is None:
        raise DomainError(f"leg on {leg.fixture_id} has no line: {leg.market} cannot be settled by line")
    settle = LINE_RULES.get((leg.market, leg.selection))
    if settle is None:
        raise DomainError(f"not a line leg: market {leg.market!r} selection {leg.selection!r}")
    return settle(home_goals, away_goals, leg.line)


LINE_RULES: dict[tuple[str, str], Callable[[int, int, Decimal], LineOutcome]] = {
    (ASIAN_HANDICAP, "home"): settle_handicap,
    (ASIAN_HANDICAP, "away"): lambda home, away, line: settle_handicap(away, home, line),
    (TOTALS, "over"): lambda home, away, line: settle_over(home + away, line),
    (TOTALS, "under"): lambda home, away, line: settle_under(home + away, line),
}
