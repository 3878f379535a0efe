"""The model registry on PostgreSQL: tables `models` (versions, artefacts, stages) and `model_decisions`.

A promotion locks the registry name's rows, checks that the champion is still the one the decision was
taken against, then retires it, crowns the challenger and records the decision in one transaction.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from sqlalchemy import cast, func, insert, literal, select, update
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.exc import IntegrityError

from adapters.persistence.decision_records import PostgresAuditTrail
from adapters.persistence.errors import translated
from adapters.persistence.schema.registry import model_decisions, models
from application.errors import NotFound
from application.modelling.registry import NewModelVersion, PromotionDecision, RegisteredModel, Stage
from domain.errors import RuleViolation

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime

    from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

    from application.ports.audit_anchor import AuditAnchor
    from application.ports.prediction_model import JsonValue

REGISTER_ATTEMPTS = 3


MODEL_DECISION = "model.decision"  # audit-log kind of a champion/challenger decision (promotion or not)


class PostgresModelRegistry:
    """Every champion/challenger decision, a promotion or not, is also an entry of the audit log."""

    def __init__(self, engine: AsyncEngine, anchor: AuditAnchor | None = None) -> None:
        self._engine = engine
        self._anchor = anchor

    async def register(self, model: NewModelVersion, at: datetime) -> RegisteredModel:
        for attempt in range(REGISTER_ATTEMPTS):
            try:
                async with translated(), self._engine.begin() as connection:
                    return await self._insert(connection, model, at)
            except IntegrityError:  # another process took the same version number: take the next
                if attempt == REGISTER_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    async def get(self, name: str, version: int) -> RegisteredModel | None:
        query = select(models).where(models.c.name == name, models.c.version == version)
        async with translated(), self._engine.connect() as connection:
            row = (await connection.execute(query)).first()
        return None if row is None else _model(row)

    async def versions(self, name: str) -> list[RegisteredModel]:
        query = select(models).where(models.c.name == name).order_by(models.c.version)
        async with translated(), self._engine.connect() as connection:
            return [_model(row) for row in (await connection.execute(query)).all()]

    async def champion(self, name: str) -> RegisteredModel | None:
        return await self._one_of_stage(name, Stage.CHAMPION)

    async def latest_challenger(self, name: str) -> RegisteredModel | None:
        return await self._one_of_stage(name, Stage.CHALLENGER)

    async def record_metrics(self, name: str, version: int, metrics: Mapping[str, JsonValue]) -> None:
        statement = (
            update(models)
            .where(models.c.name == name, models.c.version == version)
            .values(metrics=models.c.metrics.op("||")(cast(literal(dict(metrics), JSONB), JSONB)))
        )
        async with translated(), self._engine.begin() as connection:
            if (await connection.execute(statement)).rowcount != 1:
                raise NotFound("model version", f"{name} v{version}")

    async def record_decision(self, decision: PromotionDecision) -> None:
        async with translated(), self._engine.begin() as connection:
            locked = (
                select(models.c.version, models.c.stage)
                .where(models.c.name == decision.name)
                .with_for_update()
            )
            stages = {row.version: row.stage for row in (await connection.execute(locked)).all()}
            if decision.challenger_version not in stages:
                raise NotFound("model version", f"{decision.name} v{decision.challenger_version}")
            if decision.promoted:
                await _promote(connection, decision, stages)
            row = _decision_row(decision)
            await connection.execute(insert(model_decisions).values(row))
            trail = PostgresAuditTrail(connection, anchor=self._anchor)
            entry = {**row, "decided_at": decision.decided_at.isoformat(), "seasons": list(decision.seasons)}
            await trail.append_ref(MODEL_DECISION, f"{decision.name} v{decision.challenger_version}", entry)
        trail.checkpoint()

    async def decisions(self, name: str) -> list[PromotionDecision]:
        query = (
            select(model_decisions)
            .where(model_decisions.c.name == name)
            .order_by(model_decisions.c.decided_at, model_decisions.c.id)
        )
        async with translated(), self._engine.connect() as connection:
            return [_decision(row) for row in (await connection.execute(query)).all()]

    async def _insert(
        self, connection: AsyncConnection, model: NewModelVersion, at: datetime
    ) -> RegisteredModel:
        last = select(func.coalesce(func.max(models.c.version), 0)).where(models.c.name == model.name)
        version = int((await connection.execute(last)).scalar_one()) + 1
        row = {
            "name": model.name,
            "version": version,
            "parameters": dict(model.parameters),
            "training_data_versions": list(model.training_data_versions),
            "metrics": dict(model.metrics),
            "artefact": model.artefact,
            "artefact_sha256": hashlib.sha256(model.artefact).hexdigest(),
            "stage": Stage.CHALLENGER.value,
            "created_at": at,
        }
        stored = (await connection.execute(insert(models).values(row).returning(models))).one()
        return _model(stored)

    async def _one_of_stage(self, name: str, stage: Stage) -> RegisteredModel | None:
        query = (
            select(models)
            .where(models.c.name == name, models.c.stage == stage.value)
            .order_by(models.c.version.desc())
            .limit(1)
        )
        async with translated(), self._engine.connect() as connection:
            row = (await connection.execute(query)).first()
        return None if row is None else _model(row)


async def _promote(connection: AsyncConnection, decision: PromotionDecision, stages: dict[int, str]) -> None:
    current = next((version for version, stage in stages.items() if stage == Stage.CHAMPION.value), None)
    if current != decision.champion_version:
        raise RuleViolation(
            "ChampionUnchanged",
            f"{decision.name}: the champion is v{current}, not v{decision.champion_version} as assumed",
        )
    named = models.c.name == decision.name
    if current is not None:
        await connection.execute(
            update(models)
            .where(named, models.c.version == current)
            .values(stage=Stage.RETIRED.value, stage_changed_at=decision.decided_at)
        )
    await connection.execute(
        update(models)
        .where(named, models.c.version == decision.challenger_version)
        .values(stage=Stage.CHAMPION.value, stage_changed_at=decision.decided_at)
    )


def _model(row: Any) -> RegisteredModel:
    return RegisteredModel(
        name=row.name,
        version=row.version,
        parameters=row.parameters,
        training_data_versions=tuple(row.training_data_versions),
        metrics=row.metrics,
        artefact=bytes(row.artefact or b""),
        artefact_sha256=row.artefact_sha256 or "",
        stage=Stage(row.stage),
        created_at=row.created_at,
    )


def _decision_row(decision: PromotionDecision) -> dict[str, Any]:
    return {
        "name": decision.name,
        "challenger_version": decision.challenger_version,
        "champion_version": decision.champion_version,
        "promoted": decision.promoted,
        "reason": decision.reason,
        "metric": decision.metric,
        "challenger_score": decision.challenger_score,
        "champion_score": decision.champion_score,
        "margin": decision.margin,
        "seasons": list(decision.seasons),
        "n_matches": decision.n_matches,
        "decided_at": decision.decided_at,
    }


def _decision(row: Any) -> PromotionDecision:
    return PromotionDecision(
        name=row.name,
        challenger_version=row.challenger_version,
        champion_version=row.champion_version,
        promoted=row.promoted,
        reason=row.reason,
        metric=row.metric,
        challenger_score=row.challenger_score,
        champion_score=row.champion_score,
        margin=row.margin,
        seasons=tuple(row.seasons),
        n_matches=row.n_matches,
        decided_at=row.decided_at,
    )
