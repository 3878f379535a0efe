"""Port: a betting strategy (a plugin) — which probability a fixture's outcomes get, and whose prices count.

A strategy looks at one fixture as known before kickoff: its early 1X2 prices by bookmaker and, when it
names a prediction model, that model's forecast. It answers with the probability of home win, draw and away
win it believes, and the bookmakers whose prices it would take (it may leave out the bookmaker its
probability comes from). The backtest and the live pipeline then find the edges at the best of those prices
with the strategy's filters, stake with the optimiser (or Kelly, or flat), and settle by the domain rules:
a strategy never stakes, settles or reads a closing price.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from application.modelling.records import PriceTriple
from application.ports.prediction_model import JsonValue
from application.use_cases.find_edges import EdgeFilters
from domain.scoring import checked_forecast

Probabilities = tuple[float, float, float]


@dataclass(frozen=True, slots=True)
class StrategyInput:
    """One fixture before kickoff: its early prices by bookmaker key and the model's forecast (if any)."""

    fixture_id: str
    early_prices: Mapping[str, PriceTriple]
    forecast: Probabilities | None = None


@dataclass(frozen=True, slots=True)
class StrategyOpinion:
    """The probabilities a strategy bets on and the bookmakers whose prices it takes (None: every one)."""

    probabilities: Probabilities
    bookmakers: frozenset[str] | None = None

    def __post_init__(self) -> None:
        checked_forecast(self.probabilities)


class BettingStrategy(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def parameters(self) -> Mapping[str, JsonValue]:
        """Every parameter with its value (defaults filled in), for reports and stored runs."""
        ...

    @property
    def model(self) -> str | None:
        """The prediction model whose forecasts it needs (None: it needs none)."""
        ...

    @property
    def filters(self) -> EdgeFilters:
        """Which selections are worth betting (its thresholds)."""
        ...

    def opinion(self, fixture: StrategyInput) -> StrategyOpinion | None:
        """Its view of the fixture, or None when it has none (say, no sharp price): no bet then."""
        ...
