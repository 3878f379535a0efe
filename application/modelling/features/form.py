"""A team's recent matches: rolling form, rest days and fixture congestion.

Only the matches in the data count (league matches; cup and international fixtures are not in the
football-data files, so congestion is a lower bound there).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

FORM_WINDOW = 6
CONGESTION_WINDOWS_DAYS = (7, 14, 28)
REST_DAYS_CAP = 60.0
HISTORY_DAYS = 365


@dataclass(frozen=True, slots=True)
class Appearance:
    """One past match from one team's point of view."""

    kickoff: datetime
    goals_for: int
    goals_against: int
    shots_for: float | None
    shots_against: float | None
    on_target_for: float | None
    on_target_against: float | None
    xg_for: float | None
    xg_against: float | None

    @property
    def points(self) -> int:
        if self.goals_for > self.goals_against:
            return 3
        return 1 if self.goals_for == self.goals_against else 0


FORM_STATISTICS: dict[str, Callable[[Appearance], float | None]] = {
    "goals_for": lambda a: a.goals_for,
    "goals_against": lambda a: a.goals_against,
    "shots_for": lambda a: a.shots_for,
    "shots_against": lambda a: a.shots_against,
    "on_target_for": lambda a: a.on_target_for,
    "on_target_against": lambda a: a.on_target_against,
    "xg_for": lambda a: a.xg_for,
    "xg_against": lambda a: a.xg_against,
    "points": lambda a: a.points,
}


@dataclass(slots=True)
class TeamHistory:
    recent: deque[Appearance] = field(default_factory=lambda: deque(maxlen=FORM_WINDOW))
    kickoffs: list[datetime] = field(default_factory=list)

    def add(self, appearance: Appearance) -> None:
        self.recent.append(appearance)
        self.kickoffs.append(appearance.kickoff)

    def form(self) -> dict[str, float | None]:
        """The mean of each statistic over the last FORM_WINDOW matches that report it (None: none do)."""
        return {name: _mean([read(a) for a in self.recent]) for name, read in FORM_STATISTICS.items()}

    def rest_days(self, moment: datetime) -> float | None:
        if not self.kickoffs:
            return None
        return min((moment - self.kickoffs[-1]).total_seconds() / 86400.0, REST_DAYS_CAP)

    def matches_within(self, moment: datetime, days: int) -> int:
        """Matches that kicked off in the `days` days before `moment`."""
        return len(self.kickoffs) - bisect_right(self.kickoffs, moment - timedelta(days=days))


def _mean(values: list[float | None]) -> float | None:
    present = [float(v) for v in values if v is not None and math.isfinite(v)]
    return math.fsum(present) / len(present) if present else None
