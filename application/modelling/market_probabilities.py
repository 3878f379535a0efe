"""A forecast as probabilities of every market kind stakewise offers, in canonical market codes.

A goal model's forecast carries its goal matrix: every kind is priced from it (domain.pricing). A model
that gives 1X2 probabilities only (LightGBM, the market model, blends) prices 1X2 only, and says so.

Line markets settle in more than two ways (push, half win, half loss), so the probability stored for a
line selection is its break-even probability 1 / fair odds: a price above the fair odds has a positive
expected value exactly when probability × price > 1, and the two sides of one line sum to 1. Lines are
read from the selected side (domain.legs): "away +0.25" is the other side of "home -0.25".

The canonical codes are kept here in one place (the market catalogue of domain.markets names the same).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from application.ports.prediction_model import Forecast
from domain.pricing import FixturePrices, LinePrices

MATCH_RESULT = "1x2"
DOUBLE_CHANCE = "double_chance"
DRAW_NO_BET = "draw_no_bet"
TOTALS = "totals"
ASIAN_HANDICAP = "asian_handicap"
BTTS = "btts"
CORRECT_SCORE = "correct_score"
MARKETS = (MATCH_RESULT, DOUBLE_CHANCE, DRAW_NO_BET, TOTALS, ASIAN_HANDICAP, BTTS, CORRECT_SCORE)
OTHER_SCORE = "other"
ONE_X_TWO_ONLY = "1X2 only: the model gives no goal matrix to price other markets from"


@dataclass(frozen=True, slots=True)
class MarketProbability:
    market: str
    line: Decimal | None
    selection: str
    probability: float


def market_probabilities(forecast: Forecast, prices: FixturePrices | None) -> tuple[MarketProbability, ...]:
    """Every market kind priced from the goal matrix, or 1X2 alone when the model has none."""
    one_x_two = _rows(MATCH_RESULT, None, (("home", forecast.home), ("draw", forecast.draw),
                                           ("away", forecast.away)))  # fmt: skip
    if prices is None:
        return tuple(one_x_two)
    dc, dnb, btts, scores = (
        prices.double_chance,
        prices.draw_no_bet,
        prices.both_teams_to_score,
        prices.correct_score,
    )
    rows = [
        *one_x_two,
        *_rows(DOUBLE_CHANCE, None, (("home_draw", dc.home_draw), ("home_away", dc.home_away),
                                     ("draw_away", dc.draw_away))),
        *_rows(DRAW_NO_BET, None, (("home", dnb.home), ("away", dnb.away))),
        *_rows(BTTS, None, (("yes", btts.yes), ("no", btts.no))),
        *_rows(CORRECT_SCORE, None, [*((f"{h}-{a}", p) for h, a, p in scores.scores),
                                     (OTHER_SCORE, scores.other)]),
    ]  # fmt: skip
    for line, over in prices.totals:
        rows += _rows(TOTALS, line, (("over", _break_even(over)),))
        rows += _rows(TOTALS, line, (("under", _break_even(_other_side(over))),))
    for line, home in prices.asian_handicap:
        rows += _rows(ASIAN_HANDICAP, line, (("home", _break_even(home)),))
        rows += _rows(ASIAN_HANDICAP, -line if line else line, (("away", _break_even(_other_side(home))),))
    return tuple(rows)


def is_one_x_two_only(rows: Iterable[MarketProbability]) -> bool:
    return all(row.market == MATCH_RESULT for row in rows)


def _rows(market: str, line: Decimal | None, named: Iterable[tuple[str, float]]) -> list[MarketProbability]:
    return [MarketProbability(market, line, selection, _clamped(p)) for selection, p in named]


def _break_even(prices: LinePrices) -> float:
    fair = prices.fair_odds
    return 0.0 if math.isinf(fair) or fair <= 0 else 1.0 / fair


def _other_side(prices: LinePrices) -> LinePrices:
    """The opposite bet on the same line: what wins one loses the other, a push stays a push."""
    return LinePrices(win=prices.loss, half_win=prices.half_loss, push=prices.push,
                      half_loss=prices.half_win, loss=prices.win)  # fmt: skip


def _clamped(probability: float) -> float:
    return min(1.0, max(0.0, probability))
