"""Use case: compute and store the point-in-time feature rows of every stored league (gold)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from application.errors import NotFound
from application.modelling.features.builder import FEATURE_SET, build_features
from application.ports.feature_store import FeatureStore
from application.ports.ingestion_unit_of_work import IngestionUnitOfWork
from application.ports.match_history import MatchHistory


@dataclass(frozen=True, slots=True)
class RefreshFeaturesRequest:
    leagues: tuple[str, ...] = ()  # empty: every stored competition


@dataclass(frozen=True, slots=True)
class FeaturesRefreshed:
    feature_set: str
    leagues: tuple[str, ...]
    computed: int  # feature rows computed (one per stored fixture)
    stored: int  # rows inserted or changed in the feature store


class RefreshFeatures:
    """Recompute the feature rows of the leagues' fixtures and store those that are new or changed.

    Rules: a fixture's features use only what was known before its cutoff (the feature builder's
    point-in-time rule), so rows of played fixtures do not change when later results arrive; each league's
    rows record the dataset versions they were computed from; a competition without a stored match is
    skipped.
    """

    def __init__(
        self,
        ingestion: Callable[[], IngestionUnitOfWork],
        history: MatchHistory,
        features: FeatureStore,
    ) -> None:
        self._ingestion, self._history, self._features = ingestion, history, features

    async def execute(self, request: RefreshFeaturesRequest) -> FeaturesRefreshed:
        leagues = request.leagues or await self._stored_leagues()
        refreshed: list[str] = []
        computed = stored = 0
        for league in leagues:
            try:
                history = await self._history.league(league)
            except NotFound:
                continue
            rows = build_features(history.matches)
            stored += await self._features.save(list(rows.values()), history.data_versions)
            computed += len(rows)
            refreshed.append(league)
        return FeaturesRefreshed(FEATURE_SET, tuple(refreshed), computed, stored)

    async def _stored_leagues(self) -> tuple[str, ...]:
        async with self._ingestion() as uow:
            return tuple(competition.code for competition in await uow.competitions.competitions())
