"""In-memory fakes of the model ports: model registry and match history (the in-memory feature store
is a production adapter: adapters.memory.feature_store).

They keep the rules the PostgreSQL adapters keep and pass the same contract tests
(tests/contract/feature_store_contract.py, tests/contract/model_registry_contract.py).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from application.errors import NotFound
from application.modelling.registry import NewModelVersion, PromotionDecision, RegisteredModel, Stage
from application.ports.match_history import LeagueHistory
from domain.errors import RuleViolation
from plugins.builtin.models.artefacts import artefact_hash

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from datetime import datetime

    from application.modelling.records import MatchRecord
    from application.ports.prediction_model import JsonValue


class InMemoryModelRegistry:
    def __init__(self) -> None:
        self._models: dict[str, list[RegisteredModel]] = {}
        self._decisions: list[PromotionDecision] = []

    async def register(self, model: NewModelVersion, at: datetime) -> RegisteredModel:
        versions = self._models.setdefault(model.name, [])
        registered = RegisteredModel(
            name=model.name,
            version=len(versions) + 1,
            parameters=dict(model.parameters),
            training_data_versions=tuple(model.training_data_versions),
            metrics=dict(model.metrics),
            artefact=model.artefact,
            artefact_sha256=artefact_hash(model.artefact),
            stage=Stage.CHALLENGER,
            created_at=at,
        )
        versions.append(registered)
        return registered

    async def get(self, name: str, version: int) -> RegisteredModel | None:
        return next((m for m in self._models.get(name, []) if m.version == version), None)

    async def versions(self, name: str) -> list[RegisteredModel]:
        return list(self._models.get(name, []))

    async def champion(self, name: str) -> RegisteredModel | None:
        return next((m for m in self._models.get(name, []) if m.stage is Stage.CHAMPION), None)

    async def latest_challenger(self, name: str) -> RegisteredModel | None:
        challengers = [m for m in self._models.get(name, []) if m.stage is Stage.CHALLENGER]
        return challengers[-1] if challengers else None

    async def record_metrics(self, name: str, version: int, metrics: Mapping[str, JsonValue]) -> None:
        stored = await self._existing(name, version)
        self._replace(dataclasses.replace(stored, metrics={**stored.metrics, **metrics}))

    async def record_decision(self, decision: PromotionDecision) -> None:
        challenger = await self._existing(decision.name, decision.challenger_version)
        champion = await self.champion(decision.name)
        if decision.promoted:
            if (champion.version if champion else None) != decision.champion_version:
                raise RuleViolation(
                    "ChampionUnchanged",
                    f"{decision.name}: the champion is v{champion.version if champion else None}, "
                    f"not v{decision.champion_version} as the decision assumed",
                )
            if champion is not None:
                self._replace(dataclasses.replace(champion, stage=Stage.RETIRED))
            self._replace(dataclasses.replace(challenger, stage=Stage.CHAMPION))
        self._decisions.append(decision)

    async def decisions(self, name: str) -> list[PromotionDecision]:
        return [d for d in self._decisions if d.name == name]

    async def _existing(self, name: str, version: int) -> RegisteredModel:
        stored = await self.get(name, version)
        if stored is None:
            raise NotFound("model version", f"{name} v{version}")
        return stored

    def _replace(self, model: RegisteredModel) -> None:
        versions = self._models[model.name]
        versions[[m.version for m in versions].index(model.version)] = model


class InMemoryMatchHistory:
    def __init__(
        self, matches: Iterable[MatchRecord], data_versions: tuple[str, ...] = ("in-memory",)
    ) -> None:
        self._matches = list(matches)
        self._data_versions = data_versions

    async def league(self, league: str) -> LeagueHistory:
        matches = [m for m in self._matches if m.league == league]
        if not matches:
            raise NotFound("league", league)
        return LeagueHistory(league, matches, self._data_versions)
