"""Small builders for tickets, legs and bankrolls shared by the unit and BDD tests."""

from __future__ import annotations

from decimal import Decimal

from domain.legs import Leg
from domain.odds import Odds


def leg(
    fixture_id: str,
    odds: str | Decimal,
    *,
    market: str = "1x2",
    selection: str = "home",
    line: str | None = None,
    correlation_group: str | None = None,
) -> Leg:
    return Leg(
        fixture_id=fixture_id,
        competition="Premier League",
        market=market,
        selection=selection,
        bookmaker="pinnacle",
        odds=Odds(Decimal(odds)),
        line=None if line is None else Decimal(line),
        correlation_group=correlation_group,
    )


def legs(*odds: str | Decimal) -> list[Leg]:
    """One leg per price, each on its own fixture F1, F2, ..."""
    return [leg(f"F{number}", price) for number, price in enumerate(odds, start=1)]
