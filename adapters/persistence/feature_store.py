"""The gold feature store on PostgreSQL: table `features` (fixture, feature_set, as_of, values).

`as_of` is stored as timestamptz; the application's naive datetimes are UTC. Values are JSONB, so a float
round-trips exactly (JSON keeps its shortest repr) and a missing value is null.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import any_, cast, select
from sqlalchemy.dialects.postgresql import ARRAY, distinct_on, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.types import Uuid

from adapters.persistence.errors import translated
from adapters.persistence.schema.pipeline import features, fixtures
from application.errors import NotFound
from application.modelling.features.row import FeatureRow

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from sqlalchemy.ext.asyncio import AsyncEngine


class PostgresFeatureStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def save(self, rows: Sequence[FeatureRow], data_versions: Sequence[str]) -> int:
        if not rows:
            return 0
        values = [_row(row, data_versions) for row in rows]
        upsert = insert(features)
        statement = upsert.on_conflict_do_update(
            index_elements=[features.c.fixture_id, features.c.feature_set, features.c.as_of],
            set_={"values": upsert.excluded["values"], "data_versions": upsert.excluded.data_versions},
            where=features.c["values"].is_distinct_from(upsert.excluded["values"]),
        ).returning(features.c.fixture_id)
        try:
            async with translated(), self._engine.begin() as connection:
                return len((await connection.execute(statement, values)).all())
        except IntegrityError as error:
            missing = await self._first_missing({value["fixture_id"] for value in values})
            raise NotFound("fixture", str(missing)) from error

    async def load(self, feature_set: str, fixture_ids: Collection[str]) -> dict[str, FeatureRow]:
        ids = [parsed for parsed in map(_uuid, fixture_ids) if parsed is not None]
        if not ids:
            return {}
        query = (
            select(features.c.fixture_id, features.c.as_of, features.c["values"])
            .where(
                features.c.feature_set == feature_set, features.c.fixture_id == any_(cast(ids, ARRAY(Uuid)))
            )
            .order_by(features.c.fixture_id, features.c.as_of.desc())
            .ext(distinct_on(features.c.fixture_id))
        )
        async with translated(), self._engine.connect() as connection:
            found = (await connection.execute(query)).all()
        return {
            str(row.fixture_id): FeatureRow(str(row.fixture_id), feature_set, _naive(row.as_of), row.values)
            for row in found
        }

    async def _first_missing(self, ids: set[Any]) -> Any:
        valid = {i for i in ids if isinstance(i, uuid.UUID)}
        if len(valid) < len(ids):
            return next(iter(ids - valid))
        query = select(fixtures.c.id).where(fixtures.c.id == any_(cast(list(valid), ARRAY(Uuid))))
        async with translated(), self._engine.connect() as connection:
            stored = set((await connection.execute(query)).scalars())
        return min(valid - stored, default="?")


def _row(row: FeatureRow, data_versions: Sequence[str]) -> dict[str, Any]:
    parsed = _uuid(row.fixture_id)
    if parsed is None:
        raise NotFound("fixture", row.fixture_id)
    return {
        "fixture_id": parsed,
        "feature_set": row.feature_set,
        "as_of": row.as_of.replace(tzinfo=UTC) if row.as_of.tzinfo is None else row.as_of,
        "values": dict(row.values),
        "data_versions": list(data_versions),
    }


def _uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)
