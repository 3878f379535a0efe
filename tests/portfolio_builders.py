"""Priced selections for optimiser tests: 1X2 markets with a few bookmakers, some prices above fair."""

from __future__ import annotations

import random
from decimal import Decimal

from application.portfolio.selections import PricedSelection
from domain.odds import Odds

BOOKMAKERS = ("bookA", "bookB", "bookC")


def priced_market(
    fixtures: int,
    seed: int,
    bookmakers: tuple[str, ...] = BOOKMAKERS,
    competitions: int = 3,
    groups: int = 0,
    markets: tuple[str, ...] = ("1X2",),
) -> tuple[PricedSelection, ...]:
    """Each fixture's three outcomes priced by every bookmaker at 1 / (p × u), u uniform in [0.95, 1.08]
    (so roughly three prices in four beat the fair price); with `groups`, fixture i belongs to
    correlation group i % groups."""
    rng = random.Random(seed)
    rows = []
    for i in range(fixtures):
        home, draw = rng.uniform(0.25, 0.6), rng.uniform(0.2, 0.3)
        truth = {"home": home, "draw": draw, "away": 1 - home - draw}
        group = f"G{i % groups}" if groups else None
        for market in markets:
            for bookmaker in bookmakers:
                for selection, p in truth.items():
                    odds = Decimal(str(round(1 / (p * rng.uniform(0.95, 1.08)), 2)))
                    rows.append(
                        PricedSelection(
                            fixture=f"F{i:03d}",
                            competition=f"C{i % competitions}",
                            market=market,
                            selection=selection,
                            bookmaker=bookmaker,
                            odds=Odds(odds),
                            probability=round(p, 6),
                            correlation_group=group,
                        )
                    )
    return tuple(rows)


def selection(
    fixture: str,
    selection: str,
    odds: str,
    probability: float,
    bookmaker: str = "bookA",
    market: str = "1X2",
    competition: str = "C0",
    group: str | None = None,
) -> PricedSelection:
    return PricedSelection(
        fixture=fixture,
        competition=competition,
        market=market,
        selection=selection,
        bookmaker=bookmaker,
        odds=Odds(Decimal(odds)),
        probability=probability,
        correlation_group=group,
    )
