"""Port: the gold feature store, point-in-time feature rows per fixture and feature set."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Protocol

from application.modelling.features.row import FeatureRow


class FeatureStore(Protocol):
    async def save(self, rows: Sequence[FeatureRow], data_versions: Sequence[str]) -> int:
        """Store rows (insert, or replace the row of the same fixture, feature set and as_of), all or none.

        data_versions are the dataset versions (raw batch ids) the rows were computed from. Returns how many
        rows were inserted or changed; an equal row is left alone and not counted.
        """
        ...

    async def load(self, feature_set: str, fixture_ids: Collection[str]) -> dict[str, FeatureRow]:
        """The latest row (greatest as_of) of each of these fixtures that has one, by fixture id."""
        ...
