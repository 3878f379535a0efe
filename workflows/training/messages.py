"""What the training workflow and its activities hand each other (stored in the workflow's history)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from workflows.tuning import Tuning


@dataclass(frozen=True)
class ModelVersion:
    """A registry name (`model/league`) and one of its versions."""

    name: str
    version: int


@dataclass(frozen=True)
class TrainingInput:
    as_of: datetime | None = None  # train on what was known before this time; None: when the workflow starts
    leagues: tuple[str, ...] = ()  # empty: every league with results
    models: tuple[str, ...] = ()  # empty: every model plugin
    tuning: Tuning = field(default_factory=Tuning)
    promotion_seasons: int = 3  # the seasons the champion/challenger rule scores, walk-forward


@dataclass(frozen=True)
class PlanRequest:
    as_of: datetime
    leagues: tuple[str, ...]
    models: tuple[str, ...]


@dataclass(frozen=True)
class TrainingTask:
    model: str
    league: str
    as_of: datetime


@dataclass(frozen=True)
class TrainingPlan:
    tasks: tuple[TrainingTask, ...]


@dataclass(frozen=True)
class PromoteRequest:
    model: ModelVersion
    seasons: int


@dataclass(frozen=True)
class Promotion:
    """The champion/challenger rule applied to a new challenger, with the walk-forward evidence."""

    model: ModelVersion
    promoted: bool
    reason: str
    champion: ModelVersion | None  # the champion after the decision
    metric: str
    challenger_score: float | None
    champion_score: float | None
    n_matches: int


@dataclass(frozen=True)
class TrainingReport:
    workflow_id: str
    as_of: datetime
    trained: tuple[ModelVersion, ...]
    promotions: tuple[Promotion, ...]

    @property
    def champions(self) -> tuple[ModelVersion, ...]:
        return tuple(p.champion for p in self.promotions if p.champion is not None)
