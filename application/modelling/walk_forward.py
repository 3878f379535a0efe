"""Walk-forward forecasting: every fixture forecast by models fitted on the past only.

The fixtures of each season are taken in blocks of `block_days` (a matchweek by default). A block is
forecast as of its first fixture's cutoff, by models fitted on the results known at that moment. A model
is refitted at the first block of every season and then whenever its refit interval has passed (its
own `refit_days`, or the plan's for every model), warm-started from its previous fit. Stacking models
(those with components) are fitted after their components, on the components' earlier out-of-sample
forecasts, and reuse the components' current fits.

A fit that fails (say, too few matches at the very start of the data) leaves the model without
forecasts for that block; the failure is reported, never hidden.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from application.modelling.features.row import FeatureRow
from application.modelling.records import MatchRecord, chronological
from application.ports.prediction_model import (
    FittedModel,
    FixtureInput,
    Forecast,
    PredictionModel,
    TrainingSet,
)
from application.ports.progress import Progress, SilentProgress
from domain.errors import DomainError, InvalidModelInput

DEFAULT_BLOCK_DAYS = 7


@dataclass(frozen=True, slots=True)
class WalkForwardPlan:
    """`seasons` are forecast in order, after the `warmup_seasons` (forecast too, to give stacking models
    an out-of-sample history, but meant to be left out of any score)."""

    seasons: tuple[str, ...]
    warmup_seasons: tuple[str, ...] = ()
    refit_days: int | None = None
    block_days: int = DEFAULT_BLOCK_DAYS
    seed: int = 0

    def __post_init__(self) -> None:
        if not self.seasons:
            raise InvalidModelInput("a walk-forward needs at least one season")
        if self.block_days < 1 or (self.refit_days is not None and self.refit_days < 1):
            raise InvalidModelInput("block_days and refit_days must be at least 1 day")


@dataclass(slots=True)
class WalkForwardRun:
    fixtures: list[MatchRecord]
    forecasts: dict[str, dict[str, Forecast]]
    fits: dict[str, int]
    failures: dict[str, list[str]] = field(default_factory=dict)


def dependency_order(models: Mapping[str, PredictionModel]) -> list[str]:
    """Model names with every component before the models that stack it."""
    ordered: list[str] = []

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in ordered:
            return
        if name in path:
            raise InvalidModelInput(f"models stack each other in a circle: {' -> '.join((*path, name))}")
        if name not in models:
            raise InvalidModelInput(f"model {path[-1]!r} stacks {name!r}, which is not among the models run")
        for component in models[name].components:
            visit(component, (*path, name))
        ordered.append(name)

    for name in sorted(models):
        visit(name, ())
    return ordered


def walk_forward(
    matches: Iterable[MatchRecord],
    features: Mapping[str, FeatureRow],
    models: Mapping[str, PredictionModel],
    plan: WalkForwardPlan,
    eligible: Callable[[MatchRecord], bool] = lambda match: True,
    progress: Progress | None = None,
) -> WalkForwardRun:
    history = chronological(matches)
    blocks = _blocks(history, (*plan.warmup_seasons, *plan.seasons), eligible, plan.block_days)
    walker = _Walker(history, features, models, plan)
    task = (progress or SilentProgress()).task("walk-forward", len(blocks))
    for season, block in blocks:
        walker.forecast_block(season, block)
        task.advance()
    task.finish()
    fixtures = [fixture for _, block in blocks for fixture in block]
    return WalkForwardRun(fixtures, walker.forecasts, walker.fit_counts, walker.failures)


def _blocks(
    history: list[MatchRecord], seasons: Sequence[str], eligible: Callable[[MatchRecord], bool], days: int
) -> list[tuple[str, list[MatchRecord]]]:
    blocks: list[tuple[str, list[MatchRecord]]] = []
    for season in seasons:
        fixtures = [m for m in history if m.season == season and eligible(m)]
        while fixtures:
            end = fixtures[0].cutoff + timedelta(days=days)
            block = [m for m in fixtures if m.cutoff < end]
            blocks.append((season, block))
            fixtures = fixtures[len(block) :]
    return blocks


class _Walker:
    def __init__(
        self,
        history: list[MatchRecord],
        features: Mapping[str, FeatureRow],
        models: Mapping[str, PredictionModel],
        plan: WalkForwardPlan,
    ) -> None:
        self.known = sorted((m for m in history if m.played), key=lambda m: (m.known_from, m.fixture_id))
        self.known_from = [m.known_from for m in self.known]
        self.features = features
        self.models = models
        self.order = dependency_order(models)
        self.plan = plan
        self.current: dict[str, FittedModel] = {}
        self.fitted_at: dict[str, tuple[str, datetime]] = {}
        self.forecasts: dict[str, dict[str, Forecast]] = {name: {} for name in models}
        self.fit_counts: dict[str, int] = dict.fromkeys(models, 0)
        self.failures: dict[str, list[str]] = {}

    def forecast_block(self, season: str, block: list[MatchRecord]) -> None:
        as_of = block[0].cutoff
        past = self.known[: bisect_right(self.known_from, as_of)]
        inputs = [FixtureInput(m, self.features.get(m.fixture_id)) for m in block]
        for name in self.order:
            if self._due(name, season, as_of):
                self._fit(name, season, as_of, past)
            if name in self.current:
                self._predict(name, inputs)

    def _due(self, name: str, season: str, as_of: datetime) -> bool:
        if name not in self.current:
            return True
        model = self.models[name]
        days = (
            model.refit_days
            if self.plan.refit_days is None or model.refit_days == 0
            else self.plan.refit_days
        )
        if days == 0:
            return False
        fitted_season, fitted_as_of = self.fitted_at[name]
        return fitted_season != season or as_of - fitted_as_of >= timedelta(days=days)

    def _fit(self, name: str, season: str, as_of: datetime, past: list[MatchRecord]) -> None:
        model = self.models[name]
        training = TrainingSet(
            matches=past,
            as_of=as_of,
            features=self.features,
            seed=self.plan.seed,
            component_forecasts={c: self.forecasts[c] for c in model.components},
            component_fits={c: self.current[c] for c in model.components if c in self.current},
            previous=self.current.get(name),
        )
        try:
            self.current[name] = model.fit(training)
        except DomainError as error:
            self.current.pop(name, None)
            self.failures.setdefault(name, []).append(f"fit as of {as_of:%Y-%m-%d %H:%M}: {error}")
            return
        self.fitted_at[name] = (season, as_of)
        self.fit_counts[name] += 1

    def _predict(self, name: str, inputs: list[FixtureInput]) -> None:
        """The block at once; one by one when that fails, so a bad fixture costs only itself."""
        try:
            forecasts = self.current[name].predict(inputs)
        except DomainError:
            forecasts = [forecast for fixture in inputs for forecast in self._predict_one(name, fixture)]
        self.forecasts[name].update((forecast.fixture_id, forecast) for forecast in forecasts)

    def _predict_one(self, name: str, fixture: FixtureInput) -> list[Forecast]:
        try:
            return self.current[name].predict([fixture])
        except DomainError as error:
            self.failures.setdefault(name, []).append(f"forecast of {fixture.match.fixture_id}: {error}")
            return []
