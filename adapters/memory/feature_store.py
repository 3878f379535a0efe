"""A feature store kept in this process only: for `--data` runs that read matches from files, whose
fixtures are not in the database (a feature row there must belong to a stored fixture).

It keeps the rules of the PostgreSQL feature store and passes the same contract tests.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from application.errors import NotFound

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence
    from datetime import datetime

    from application.modelling.features.row import FeatureRow


class InMemoryFeatureStore:
    """`fixtures`: the fixture ids that exist (None: any); a row of another fixture is refused."""

    def __init__(self, fixtures: Collection[str] | None = None) -> None:
        self._fixtures = None if fixtures is None else set(fixtures)
        self._rows: dict[tuple[str, str, datetime], tuple[FeatureRow, tuple[str, ...]]] = {}

    async def save(self, rows: Sequence[FeatureRow], data_versions: Sequence[str]) -> int:
        for row in rows:
            if self._fixtures is not None and row.fixture_id not in self._fixtures:
                raise NotFound("fixture", row.fixture_id)
        changed = 0
        for row in rows:
            key = (row.fixture_id, row.feature_set, row.as_of)
            stored = self._rows.get(key)
            if stored is None or dict(stored[0].values) != dict(row.values):
                changed += 1
                self._rows[key] = (row, tuple(data_versions))
        return changed

    async def load(self, feature_set: str, fixture_ids: Collection[str]) -> dict[str, FeatureRow]:
        wanted = set(fixture_ids)
        latest: dict[str, FeatureRow] = {}
        for (fixture_id, row_set, as_of), (row, _) in sorted(self._rows.items()):
            newer = fixture_id not in latest or as_of > latest[fixture_id].as_of
            if row_set == feature_set and fixture_id in wanted and newer:
                latest[fixture_id] = row
        return latest
