"""Port: the predictions and edges the pipeline stores, and the champion's predictions a quote reads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol


@dataclass(frozen=True, slots=True)
class PredictionRow:
    """A model version's probability of one selection of one fixture."""

    fixture_id: str
    market: str
    line: Decimal | None
    selection: str
    probability: float


@dataclass(frozen=True, slots=True)
class EdgeRow:
    """The best price of one selection across bookmakers beside the model's probability (line shopping)."""

    model: str  # registry name, e.g. "dixon-coles/E0"
    version: int
    fixture_id: str
    market: str
    line: Decimal | None
    selection: str
    bookmaker: str
    price: Decimal
    captured_at: datetime | None
    probability: float
    expected_value: float  # probability × price − 1
    edge: float | None  # model / de-vigged market probability − 1; None when no bookmaker prices the market
    kelly_fraction: float


@dataclass(frozen=True, slots=True)
class ChampionPrediction:
    """A stored prediction of a league's champion, with what a quote needs to know of its fixture."""

    fixture_id: str
    competition: str
    kickoff_at: datetime | None
    finished: bool
    model: str
    version: int
    market: str
    line: Decimal | None
    selection: str
    probability: float


class PredictionStore(Protocol):
    async def store_predictions(self, model: str, version: int, rows: Sequence[PredictionRow]) -> int:
        """Store a model version's predictions (the same identity is replaced); how many rows were written.
        The model version must be registered."""
        ...

    async def store_edges(self, rows: Sequence[EdgeRow]) -> int:
        """Store edges, each beside its stored prediction; an equal edge (same prediction, bookmaker, price
        and capture time) is stored once. How many new rows were written."""
        ...

    async def champion_predictions(self, fixture_ids: Sequence[str]) -> list[ChampionPrediction]:
        """The predictions of the champion model versions for these fixtures (the most recently stored
        champion where several predicted one fixture)."""
        ...
