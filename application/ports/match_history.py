"""Port: a league's matches as the models see them (fixtures, results, statistics, 1X2 prices)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from application.modelling.records import MatchRecord


@dataclass(frozen=True, slots=True)
class LeagueHistory:
    """Every stored match of a league, played or not, and the dataset versions they came from."""

    league: str
    matches: Sequence[MatchRecord]
    data_versions: tuple[str, ...]


class MatchHistory(Protocol):
    async def league(self, league: str) -> LeagueHistory:
        """NotFound when the league has no stored match."""
        ...
