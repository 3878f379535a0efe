"""A synthetic league priced by several bookmakers, for backtest tests (no shared data needed).

Pinnacle's early price is the true probability with little noise and a 2.5 % margin; the soft bookmakers'
early prices are noisier with a 5 % margin, so some of them beat Pinnacle's fair price; closing prices
(Pinnacle and the market average) move towards the truth.
"""

from __future__ import annotations

import random
from dataclasses import replace

from application.modelling.records import MatchRecord, PriceTriple
from tests.modelling.synthetic_league import synthetic_league

SOFT = ("bet365", "william-hill", "bwin")


def priced_league(seasons: int = 3, seed: int = 11, league: str = "SYN") -> list[MatchRecord]:
    rng = random.Random(seed)
    return [_priced(match, rng) for match in synthetic_league(seasons=seasons, league=league, seed=seed)]


def _priced(match: MatchRecord, rng: random.Random) -> MatchRecord:
    closing = dict(match.closing_prices)["pinnacle"]
    truth = closing.fair_probabilities()
    early = {"pinnacle": _quote(rng, truth, 0.03, 1.025)}
    early |= {bookmaker: _quote(rng, truth, 0.10, 1.05) for bookmaker in SOFT}
    early["average"] = _quote(rng, truth, 0.05, 1.05)
    closing_prices = (("average", _quote(rng, truth, 0.02, 1.05)), ("pinnacle", closing))
    return replace(match, early_prices=tuple(sorted(early.items())), closing_prices=closing_prices)


def _quote(rng: random.Random, truth: tuple[float, float, float], noise: float, margin: float) -> PriceTriple:
    weights = [p * rng.lognormvariate(0.0, noise) for p in truth]
    total = sum(weights)
    home, draw, away = (max(1.01, round(total / (w * margin), 2)) for w in weights)
    return PriceTriple(home, draw, away)


def scrambled(match: MatchRecord, rng: random.Random) -> MatchRecord:
    """The same fixture with other prices and another result (what a leaking backtest would notice)."""

    def shuffled(quotes: tuple[tuple[str, PriceTriple], ...]) -> tuple[tuple[str, PriceTriple], ...]:
        return tuple(
            (
                book,
                PriceTriple(
                    t.away * rng.uniform(0.8, 1.25), t.home, max(1.01, t.draw * rng.uniform(0.7, 1.4))
                ),
            )
            for book, t in quotes
        )

    return replace(
        match,
        home_goals=rng.randrange(5),
        away_goals=rng.randrange(5),
        early_prices=shuffled(match.early_prices),
        closing_prices=shuffled(match.closing_prices),
    )
