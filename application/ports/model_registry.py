"""Port: the model registry (versions, artefacts, stages, champion/challenger decisions)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Protocol

from application.modelling.registry import NewModelVersion, PromotionDecision, RegisteredModel
from application.ports.prediction_model import JsonValue


class ModelRegistry(Protocol):
    async def register(self, model: NewModelVersion, at: datetime) -> RegisteredModel:
        """Store a new challenger version: the next version number of its registry name (1 for the first)."""
        ...

    async def get(self, name: str, version: int) -> RegisteredModel | None: ...

    async def versions(self, name: str) -> list[RegisteredModel]:
        """Every version of a registry name, oldest first."""
        ...

    async def champion(self, name: str) -> RegisteredModel | None: ...

    async def latest_challenger(self, name: str) -> RegisteredModel | None: ...

    async def record_metrics(self, name: str, version: int, metrics: Mapping[str, JsonValue]) -> None:
        """Merge these metrics into the version's metrics; NotFound when there is no such version."""
        ...

    async def record_decision(self, decision: PromotionDecision) -> None:
        """Store the decision; when it promotes, in the same transaction the challenger becomes champion
        and the previous champion (if any) is retired. NotFound when a version named does not exist;
        RuleViolation when the decision's champion_version is not the current champion (a race lost)."""
        ...

    async def decisions(self, name: str) -> list[PromotionDecision]:
        """Every decision recorded for a registry name, oldest first."""
        ...
