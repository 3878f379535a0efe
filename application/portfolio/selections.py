"""Priced selections: a model's probability for one outcome and one bookmaker's price for it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from domain.errors import DomainError
from domain.legs import ASIAN_HANDICAP
from domain.odds import Odds
from domain.probability import checked_probability


@dataclass(frozen=True, slots=True, order=True)
class SelectionKey:
    """One outcome of one fixture, whoever prices it."""

    fixture: str
    market: str
    line: Decimal | None
    selection: str

    @property
    def market_key(self) -> MarketKey:
        """The market this outcome belongs to: its selections are mutually exclusive."""
        line = self.line
        if line is not None and self.market == ASIAN_HANDICAP and self.selection == "away":
            line = -line  # "away +0.5" and "home -0.5" are the two sides of one handicap market
        return MarketKey(self.fixture, self.market, line)

    def describe(self) -> str:
        line = "" if self.line is None else f" {self.line}"
        return f"{self.fixture} {self.market} {self.selection}{line}"


@dataclass(frozen=True, slots=True, order=True)
class MarketKey:
    fixture: str
    market: str
    line: Decimal | None


@dataclass(frozen=True, slots=True)
class PricedSelection:
    """One row of a candidates file: who plays, which outcome, whose price, and the model's probability.

    Selections sharing a `correlation_group` are known to move together: they never share an accumulator.
    Where stakewise priced it, `captured_at` is when the bookmaker's price was stored and `model` /
    `model_version` the registered model whose probability it is (lineage; None for a partner's proposal).
    """

    fixture: str
    competition: str
    market: str
    selection: str
    bookmaker: str
    odds: Odds
    probability: float
    line: Decimal | None = None
    correlation_group: str | None = None
    captured_at: datetime | None = None
    model: str | None = None
    model_version: int | None = None

    def __post_init__(self) -> None:
        for name in ("fixture", "competition", "market", "selection", "bookmaker"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise DomainError(f"invalid {name} {value!r}: must be a non-empty text")
        if not isinstance(self.odds, Odds):
            raise DomainError(f"invalid odds {self.odds!r}: expected decimal odds")
        checked_probability(self.probability)

    @property
    def key(self) -> SelectionKey:
        return SelectionKey(self.fixture, self.market, self.line, self.selection)
