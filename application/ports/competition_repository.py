"""Port: competitions and their seasons (silver reference data, a few hundred rows)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from application.pipeline.records import Competition, Season


class CompetitionRepository(Protocol):
    async def upsert_competitions(self, competitions: Sequence[Competition]) -> int:
        """Insert new competitions, update changed names/countries; returns how many rows that touched."""
        ...

    async def add_seasons(self, seasons: Sequence[Season]) -> int:
        """Insert the seasons not stored yet; returns how many were new."""
        ...

    async def competitions(self) -> list[Competition]:
        """All competitions, ordered by code."""
        ...

    async def seasons(self, competition: str) -> list[Season]:
        """The seasons of one competition, ordered by name."""
        ...
