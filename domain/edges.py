"""How much a price is worth to the bettor: expected value, edge over the fair price, closing-line value."""

from __future__ import annotations

from domain.odds import Odds
from domain.probability import checked_probability


def expected_value(probability: float, odds: Odds) -> float:
    """Expected profit per unit staked: p × odds − 1 (0.05 means +5 % per unit)."""
    return checked_probability(probability) * float(odds) - 1.0


def edge(model_probability: float, fair_probability: float) -> float:
    """Edge against the de-vigged market: how much more likely the model finds the outcome, relatively.

    model / fair − 1, which is also the expected value of a bet placed at the fair (margin-free) price.
    """
    model = checked_probability(model_probability, "model probability")
    return model / checked_probability(fair_probability, "fair probability") - 1.0


def closing_line_value(taken: Odds, closing_fair_probability: float) -> float:
    """Closing-line value: the price taken against the de-vigged closing price, taken × p_close − 1.

    Positive when the bet was placed at better odds than the market's fair closing price.
    """
    return float(taken) * checked_probability(closing_fair_probability, "closing fair probability") - 1.0
