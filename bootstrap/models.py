"""The model commands' use cases, wired to files (`--data PATH`) or to the database.

With a data path the matches come straight from football-data files and the features stay in this
process; without one, from the silver tables, with features stored in the gold table. The registry is
always the database's. The database engine is asked for only when needed, so `evaluate --data` runs
without PostgreSQL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from adapters.files.match_history import SourceMatchHistory
from adapters.memory.feature_store import InMemoryFeatureStore
from adapters.persistence.feature_store import PostgresFeatureStore
from adapters.persistence.match_history import PostgresMatchHistory
from adapters.persistence.model_registry import PostgresModelRegistry
from application.use_cases.evaluate_models import EvaluateModels
from application.use_cases.predict_fixtures import PredictFixtures
from application.use_cases.promote_challenger import PromoteChallenger
from application.use_cases.train_model import TrainModel

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.ext.asyncio import AsyncEngine

    from application.ports.audit_anchor import AuditAnchor
    from application.ports.clock import Clock
    from application.ports.feature_store import FeatureStore
    from application.ports.match_history import MatchHistory
    from application.ports.progress import Progress
    from plugins.manager import PluginHost, PluginModelCatalogue

FILE_SOURCE = "football-data"


class ModelServiceFactory:
    def __init__(
        self,
        engine: Callable[[], AsyncEngine],
        plugins: PluginHost,
        clock: Clock,
        audit_anchor: AuditAnchor | None = None,
    ) -> None:
        self._engine = engine
        self._audit_anchor = audit_anchor
        self._plugins = plugins
        self._clock = clock

    def evaluate_models(self, data: str | None, progress: Progress) -> EvaluateModels:
        return EvaluateModels(self._history(data), self._catalogue(), progress)

    def train_model(self, data: str | None, progress: Progress) -> TrainModel:
        return TrainModel(
            self._history(data),
            self._features(data),
            self._catalogue(),
            self.model_registry(),
            self._clock,
            progress,
        )

    def promote_challenger(self, data: str | None, progress: Progress) -> PromoteChallenger:
        return PromoteChallenger(
            self._history(data), self._catalogue(), self.model_registry(), self._clock, progress
        )

    def predict_fixtures(self, data: str | None) -> PredictFixtures:
        return PredictFixtures(self._history(data), self._catalogue(), self.model_registry())

    def model_registry(self) -> PostgresModelRegistry:
        return PostgresModelRegistry(self._engine(), self._audit_anchor)

    def model_names(self) -> list[str]:
        return self._catalogue().names()

    def _catalogue(self) -> PluginModelCatalogue:
        return self._plugins.model_catalogue()

    def _history(self, data: str | None) -> MatchHistory:
        if data:
            return SourceMatchHistory(self._plugins.data_source(FILE_SOURCE, self._clock), data)
        return PostgresMatchHistory(self._engine())

    def _features(self, data: str | None) -> FeatureStore:
        return InMemoryFeatureStore() if data else PostgresFeatureStore(self._engine())
