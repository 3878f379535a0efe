"""Predictions and edges on PostgreSQL (what the pipeline writes), the champion's predictions a quote reads,
and the latest price of each selection at each bookmaker."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, func, select, true
from sqlalchemy.dialects.postgresql import distinct_on, insert

from adapters.persistence.errors import translated
from adapters.persistence.schema.betting import edges, predictions
from adapters.persistence.schema.pipeline import fixtures, odds_quotes, results
from adapters.persistence.schema.registry import models
from application.errors import NotFound
from application.ports.latest_prices import LatestPrice
from application.ports.prediction_store import ChampionPrediction, EdgeRow, PredictionRow

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

CHUNK = 2000  # rows per INSERT: well under PostgreSQL's 32,767 bind parameters
PREDICTION_IDENTITY = ("model_id", "fixture_id", "market", "line", "selection")


def _uuids(fixture_ids: Sequence[str]) -> list[uuid.UUID]:
    found = []
    for text in fixture_ids:
        try:
            found.append(uuid.UUID(text))
        except ValueError:
            continue  # not a stored fixture's id: it has no rows
    return found


class PostgresPredictionStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def store_predictions(self, model: str, version: int, rows: Sequence[PredictionRow]) -> int:
        async with translated(), self._engine.begin() as connection:
            model_id = await _model_id(connection, model, version)
            values = [
                {"model_id": model_id, "fixture_id": uuid.UUID(row.fixture_id), "market": row.market,
                 "line": row.line, "selection": row.selection, "probability": row.probability}
                for row in rows
            ]  # fmt: skip
            for start in range(0, len(values), CHUNK):
                statement = insert(predictions).values(values[start : start + CHUNK])
                await connection.execute(
                    statement.on_conflict_do_update(
                        index_elements=[predictions.c[name] for name in PREDICTION_IDENTITY],
                        set_={"probability": statement.excluded.probability, "created_at": func.now()},
                    )
                )
        return len(values)

    async def store_edges(self, rows: Sequence[EdgeRow]) -> int:
        written = 0
        async with translated(), self._engine.begin() as connection:
            model_ids: dict[tuple[str, int], int] = {}
            values = []
            for row in rows:
                key = (row.model, row.version)
                if key not in model_ids:
                    model_ids[key] = await _model_id(connection, row.model, row.version)
                values.append(await _edge_values(connection, model_ids[key], row))
            for start in range(0, len(values), CHUNK):
                statement = insert(edges).values(values[start : start + CHUNK]).on_conflict_do_nothing()
                written += (await connection.execute(statement)).rowcount or 0
        return written

    async def champion_predictions(self, fixture_ids: Sequence[str]) -> list[ChampionPrediction]:
        keys = _uuids(fixture_ids)
        if not keys:
            return []
        p, f = predictions, fixtures
        latest = (
            select(p.c.fixture_id, p.c.model_id)
            .join(models, models.c.id == p.c.model_id)
            .where(p.c.fixture_id.in_(keys), models.c.stage == "champion")
            .ext(distinct_on(p.c.fixture_id))
            .order_by(p.c.fixture_id, p.c.created_at.desc(), models.c.name, models.c.version.desc())
            .subquery()
        )
        query = (
            select(
                p.c.fixture_id,
                f.c.competition,
                f.c.kickoff_at,
                results.c.fixture_id.is_not(None).label("finished"),
                models.c.name,
                models.c.version,
                p.c.market,
                p.c.line,
                p.c.selection,
                p.c.probability,
            )
            .join(latest, and_(latest.c.fixture_id == p.c.fixture_id, latest.c.model_id == p.c.model_id))
            .join(models, models.c.id == p.c.model_id)
            .join(f, f.c.id == p.c.fixture_id)
            .outerjoin(results, results.c.fixture_id == p.c.fixture_id)
            .order_by(p.c.fixture_id, p.c.market, p.c.line, p.c.selection)
        )
        async with translated(), self._engine.connect() as connection:
            found = (await connection.execute(query)).all()
        return [ChampionPrediction(str(r.fixture_id), r.competition, r.kickoff_at, bool(r.finished), r.name,
                                   r.version, r.market, r.line, r.selection, r.probability)
                for r in found]  # fmt: skip


async def _model_id(connection: AsyncConnection, model: str, version: int) -> int:
    query = select(models.c.id).where(models.c.name == model, models.c.version == version)
    found = (await connection.execute(query)).scalar_one_or_none()
    if found is None:
        raise NotFound("model", f"{model} v{version}")
    return int(found)


async def _edge_values(connection: AsyncConnection, model_id: int, row: EdgeRow) -> dict[str, Any]:
    p = predictions
    query = select(p.c.id).where(
        p.c.model_id == model_id,
        p.c.fixture_id == uuid.UUID(row.fixture_id),
        p.c.market == row.market,
        p.c.line.is_not_distinct_from(row.line),
        p.c.selection == row.selection,
    )
    prediction_id = (await connection.execute(query)).scalar_one_or_none()
    return {
        "prediction_id": prediction_id,
        "fixture_id": uuid.UUID(row.fixture_id),
        "market": row.market,
        "line": row.line,
        "selection": row.selection,
        "bookmaker": row.bookmaker,
        "price": row.price,
        "captured_at": row.captured_at,
        "probability": row.probability,
        "expected_value": row.expected_value,
        "edge": row.edge,
        "kelly_fraction": row.kelly_fraction,
    }


class PostgresLatestPrices:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def latest(self, fixture_ids: Sequence[str], at: datetime | None = None) -> list[LatestPrice]:
        keys = _uuids(fixture_ids)
        if not keys:
            return []
        q = odds_quotes
        identity = (q.c.fixture_id, q.c.market, q.c.line, q.c.selection, q.c.bookmaker)
        query = (
            select(q)
            .where(q.c.fixture_id.in_(keys), q.c.captured_at <= at if at is not None else true())
            .ext(distinct_on(*identity))
            .order_by(*identity, q.c.captured_at.desc(), q.c.is_closing.desc())
        )
        async with translated(), self._engine.connect() as connection:
            found = (await connection.execute(query)).all()
        return [LatestPrice(str(r.fixture_id), r.market, r.line, r.selection, r.bookmaker, r.price,
                            r.captured_at, r.is_closing, str(r.batch_id)) for r in found]  # fmt: skip
