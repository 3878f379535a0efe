"""Port: player availability (injuries, suspensions) per fixture."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from typing import Protocol

from application.pipeline.records import PlayerAvailability


class AvailabilityRepository(Protocol):
    async def upsert(self, records: Sequence[PlayerAvailability]) -> int:
        """Insert or update one row per (fixture_id, team_id, player) when its data differs; rows touched.

        Same rule as FixtureRepository.upsert_fixtures: batch_id changes only with the data.
        """
        ...

    async def for_fixtures(self, fixture_ids: Collection[uuid.UUID]) -> list[PlayerAvailability]:
        """Ordered by (fixture_id, team_id, player)."""
        ...
