"""Port: what the competition catalogue says of the events of a ticket's legs (youth, college, region)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class CompetitionFacts:
    code: str
    youth: bool = False
    college: bool = False
    region: str | None = None


class CompetitionFactsReader(Protocol):
    async def for_legs(self, legs: Sequence[tuple[str, str]]) -> list[CompetitionFacts | None]:
        """For each (fixture id, competition code): the facts of the fixture's stored competition when the
        fixture is known, else of the competition code; None when the catalogue knows neither."""
        ...
