"""Port: teams and the alias table that joins the names different sources use for them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Protocol

from application.pipeline.records import Team, TeamAlias


class TeamRepository(Protocol):
    async def aliases(self) -> dict[str, uuid.UUID]:
        """Every alias (normalised, records.normalise_name) with the team it names."""
        ...

    async def add_teams(self, teams: Sequence[Team]) -> int:
        """Insert the teams whose team_id is new (a stored team keeps its name); returns how many."""
        ...

    async def add_aliases(self, aliases: Sequence[TeamAlias]) -> int:
        """Insert the aliases not stored yet (a stored alias keeps its team); returns how many were new.

        Every alias's team must be stored already (or be added in the same unit of work before).
        """
        ...

    async def teams(self) -> list[Team]:
        """All teams, ordered by name."""
        ...
