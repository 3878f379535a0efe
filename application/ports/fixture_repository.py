"""Port: fixtures and their results (silver). Written in whole batches; counts make re-runs checkable."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from datetime import date
from typing import Protocol

from application.pipeline.records import Fixture, Result


class FixtureRepository(Protocol):
    async def upsert_fixtures(self, fixtures: Sequence[Fixture]) -> int:
        """Insert new fixtures and update stored ones whose data differs; returns how many rows that touched.

        Data = every field but batch_id; batch_id is written with the data (the version that last changed the
        row), so an equal row is left alone, keeps its batch_id and is not counted. fixture_ids are unique
        within one call. The fixtures' competitions, seasons and teams are stored already.
        """
        ...

    async def upsert_results(self, results: Sequence[Result]) -> int:
        """Same rule as upsert_fixtures, for results (one per fixture; the fixture is stored already)."""
        ...

    async def existing(self, fixture_ids: Collection[uuid.UUID]) -> set[uuid.UUID]:
        """The ones among fixture_ids that are stored."""
        ...

    async def fixtures(self, fixture_ids: Collection[uuid.UUID]) -> list[Fixture]:
        """The stored fixtures among fixture_ids, ordered by (match_date, fixture_id)."""
        ...

    async def home_fixtures(self, team_id: uuid.UUID, start: date, end: date) -> list[Fixture]:
        """The team's home fixtures with start <= match_date <= end, ordered by (match_date, fixture_id)."""
        ...

    async def results(self, fixture_ids: Collection[uuid.UUID]) -> list[Result]:
        """The stored results among fixture_ids, ordered by fixture_id."""
        ...

    async def count(self) -> int:
        """How many fixtures are stored."""
        ...
