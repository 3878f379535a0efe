"""Port: the weather at each fixture's kickoff (one report per fixture)."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from typing import Protocol

from application.pipeline.records import WeatherReport


class WeatherRepository(Protocol):
    async def upsert(self, reports: Sequence[WeatherReport]) -> int:
        """Insert or replace the report of each fixture when its data differs; returns rows touched.

        Same rule as FixtureRepository.upsert_fixtures: batch_id changes only with the data.
        """
        ...

    async def for_fixtures(self, fixture_ids: Collection[uuid.UUID]) -> list[WeatherReport]:
        """Ordered by fixture_id."""
        ...
