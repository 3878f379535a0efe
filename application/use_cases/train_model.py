"""Use case: train a challenger on a league's matches and register it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from application.modelling.features.builder import FEATURE_SET, build_features
from application.modelling.features.row import FeatureRow
from application.modelling.records import MatchRecord
from application.modelling.registry import NewModelVersion, RegisteredModel
from application.modelling.runs import league_seasons, resolve_models
from application.modelling.walk_forward import WalkForwardPlan, walk_forward
from application.ports.clock import Clock
from application.ports.feature_store import FeatureStore
from application.ports.match_history import MatchHistory
from application.ports.model_catalogue import ModelCatalogue
from application.ports.model_registry import ModelRegistry
from application.ports.prediction_model import Forecast, JsonValue, Parameters, TrainingSet
from application.ports.progress import Progress
from domain.errors import InvalidModelInput

DEFAULT_STACK_SEASONS = 3


@dataclass(frozen=True, slots=True)
class TrainRequest:
    league: str
    model: str
    parameters: Parameters | None = None
    as_of: datetime | None = None
    seed: int = 0
    stack_seasons: int = DEFAULT_STACK_SEASONS


class TrainModel:
    """Fit a model on everything known at `as_of` (default: now) and register it as a challenger.

    Rules: only results known at as_of are learnt from; the league's feature rows are computed point in
    time, stored in the feature store (gold) and read back from it for training; a stacking model (blend)
    fits its weights on its components' walk-forward forecasts over the last `stack_seasons` seasons
    before as_of, each made before its match was played; the version records its parameters, the
    dataset versions it was trained on, its training metrics and its deterministic artefact.
    """

    def __init__(
        self,
        history: MatchHistory,
        features: FeatureStore,
        catalogue: ModelCatalogue,
        registry: ModelRegistry,
        clock: Clock,
        progress: Progress,
    ) -> None:
        self._history = history
        self._features = features
        self._catalogue = catalogue
        self._registry = registry
        self._clock = clock
        self._progress = progress

    async def execute(self, request: TrainRequest) -> RegisteredModel:
        history = await self._history.league(request.league)
        as_of = _naive_utc(request.as_of or self._clock.now())
        model = self._catalogue.create(request.model, request.parameters)
        known = [m for m in history.matches if m.played and m.known_from <= as_of]
        if not known:
            raise InvalidModelInput(f"no result of {request.league} was known at {as_of:%Y-%m-%d %H:%M}")
        rows = await self._stored_features(history.matches, history.data_versions)
        stacked = self._component_forecasts(request, history.matches, rows, as_of)
        fitted = model.fit(TrainingSet(known, as_of, rows, request.seed, stacked))
        metrics: dict[str, JsonValue] = {
            "as_of": as_of.isoformat(),
            "training_matches": len(known),
            "seed": request.seed,
            "feature_set": FEATURE_SET,
        }
        version = NewModelVersion(
            model=model.name,
            league=request.league,
            parameters=model.parameters,
            training_data_versions=history.data_versions,
            metrics=metrics,
            artefact=fitted.artefact(),
        )
        return await self._registry.register(version, self._clock.now())

    async def _stored_features(
        self, matches: Sequence[MatchRecord], data_versions: tuple[str, ...]
    ) -> dict[str, FeatureRow]:
        built = build_features(matches)
        await self._features.save(list(built.values()), data_versions)
        return await self._features.load(FEATURE_SET, list(built))

    def _component_forecasts(
        self,
        request: TrainRequest,
        matches: Sequence[MatchRecord],
        rows: Mapping[str, FeatureRow],
        as_of: datetime,
    ) -> dict[str, dict[str, Forecast]]:
        model = self._catalogue.create(request.model, request.parameters)
        if not model.components:
            return {}
        past = [m for m in matches if m.kickoff < as_of]
        seasons = tuple(league_seasons(past)[-request.stack_seasons :])
        if not seasons:
            return {}
        components = resolve_models(self._catalogue, model.components)
        plan = WalkForwardPlan(seasons, seed=request.seed)
        run = walk_forward(past, rows, components, plan, lambda m: m.played, self._progress)
        return run.forecasts


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment
