"""The model commands' use cases, wired to files (`--data PATH`) or to the database.

With a data path the matches come straight from football-data files and the features stay in this
process; without one, from the silver tables, with features stored in the gold table. The registry is
always the database's. The database engine is asked for only when needed, so `evaluate --data` runs
without PostgreSQL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from adapters.memory.feature_store import InMemoryFeatureStore
from application.use_cases.evaluate_models import EvaluateModels
from application.use_cases.predict_fixtures import PredictFixtures
from application.use_cases.promote_challenger import PromoteChallenger
from application.use_cases.train_model import TrainModel
from bootstrap.match_files import file_history

if TYPE_CHECKING:
    from collections.abc import Callable

    from application.ports.clock import Clock
    from application.ports.model_catalogue import ModelCatalogue
    from application.ports.model_registry import ModelRegistry
    from application.ports.progress import Progress
    from bootstrap.use_cases import UseCases
    from plugins.manager import PluginHost


class ModelServiceFactory:
    """The container's model use cases, given the command's data path (files) and progress."""

    def __init__(
        self,
        use_cases: UseCases,
        registry: Callable[[], ModelRegistry],
        catalogue: Callable[[], ModelCatalogue],
        plugins: PluginHost,
        clock: Clock,
    ) -> None:
        self._use_cases, self._registry, self._catalogue = use_cases, registry, catalogue
        self._plugins, self._clock = plugins, clock

    def evaluate_models(self, data: str | None, progress: Progress) -> EvaluateModels:
        return self._use_cases(EvaluateModels, progress=progress, **self._files(data))

    def train_model(self, data: str | None, progress: Progress) -> TrainModel:
        files = self._files(data)
        if data:
            files["features"] = InMemoryFeatureStore()
        return self._use_cases(TrainModel, progress=progress, **files)

    def promote_challenger(self, data: str | None, progress: Progress) -> PromoteChallenger:
        return self._use_cases(PromoteChallenger, progress=progress, **self._files(data))

    def predict_fixtures(self, data: str | None) -> PredictFixtures:
        return self._use_cases(PredictFixtures, **self._files(data))

    def model_registry(self) -> ModelRegistry:
        return self._registry()

    def model_names(self) -> list[str]:
        return self._catalogue().names()

    def _files(self, data: str | None) -> dict[str, object]:
        return file_history(self._plugins, self._clock, data)
