"""Port: a prediction model (a plugin) that is fitted on past matches and forecasts fixtures' 1X2.

A model is created from JSON-able parameters by a ModelCatalogue (see model_catalogue.py); fitting it on
a TrainingSet gives a FittedModel, whose artefact is deterministic bytes (same data, parameters and seed
give the same bytes) from which `load` rebuilds it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from application.modelling.features.row import FeatureRow
from application.modelling.records import MatchRecord
from domain.goal_matrix import GoalMatrix
from domain.scoring import checked_forecast

JsonValue = str | int | float | bool | None | list["JsonValue"] | dict[str, "JsonValue"]
Parameters = Mapping[str, JsonValue]


@dataclass(frozen=True, slots=True)
class Forecast:
    """Probabilities of home win, draw and away win (finite, summing to 1: never NaN).

    Goal models also give their goal matrix (so every market can be priced from it) and expected goals.
    `fallback` says when the model used a documented fallback (e.g. a team it had never seen).
    """

    fixture_id: str
    home: float
    draw: float
    away: float
    goal_matrix: GoalMatrix | None = field(default=None, repr=False, compare=False)
    expected_goals: tuple[float, float] | None = None
    fallback: str | None = None

    def __post_init__(self) -> None:
        checked_forecast((self.home, self.draw, self.away))

    @classmethod
    def normalised(
        cls, fixture_id: str, probabilities: Sequence[float], fallback: str | None = None
    ) -> Forecast:
        """A forecast from three non-negative weights (a model's raw output), scaled to sum to 1."""
        home, draw, away = (float(p) for p in probabilities)
        total = home + draw + away
        return cls(fixture_id, home / total, draw / total, away / total, fallback=fallback)

    @property
    def probabilities(self) -> tuple[float, float, float]:
        return self.home, self.draw, self.away


@dataclass(frozen=True, slots=True)
class FixtureInput:
    """A fixture to forecast and its point-in-time feature row (None when none was built)."""

    match: MatchRecord
    features: FeatureRow | None = None


@dataclass(frozen=True, slots=True)
class TrainingSet:
    """What a model may learn from at `as_of`: matches whose results were known by then.

    component_forecasts holds other models' out-of-sample forecasts of those matches (made before each
    was played), by model name then fixture id: what a stacking model (blend) fits its weights on.
    component_fits holds those models already fitted at `as_of`, so a stacking model need not refit them.
    previous is the same model's last fit, for a warm start.
    """

    matches: Sequence[MatchRecord]
    as_of: datetime
    features: Mapping[str, FeatureRow] = field(default_factory=dict)
    seed: int = 0
    component_forecasts: Mapping[str, Mapping[str, Forecast]] = field(default_factory=dict)
    component_fits: Mapping[str, FittedModel] = field(default_factory=dict)
    previous: FittedModel | None = None


class FittedModel(Protocol):
    @property
    def name(self) -> str: ...

    def predict(self, fixtures: Sequence[FixtureInput]) -> list[Forecast]:
        """One forecast per fixture, in order; a clear DomainError when one cannot be forecast."""
        ...

    def artefact(self) -> bytes:
        """Deterministic serialisation of the fitted state (load(artefact()) predicts the same)."""
        ...


class PredictionModel(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def parameters(self) -> Parameters:
        """The settings it was created with, defaults filled in."""
        ...

    @property
    def components(self) -> tuple[str, ...]:
        """Models whose out-of-sample forecasts and fits it builds on (empty unless it stacks)."""
        ...

    @property
    def refit_days(self) -> int:
        """How often a walk-forward refits it (0: it learns nothing from past matches)."""
        ...

    def fit(self, training: TrainingSet) -> FittedModel: ...

    def load(self, artefact: bytes) -> FittedModel: ...
