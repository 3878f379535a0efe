"""The fixtures a pipeline run bets on: not yet kicked off at `as_of`, kicking off within the horizon."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from application.modelling.records import MatchRecord
from domain.errors import DomainError

DEFAULT_HORIZON = timedelta(days=3)


@dataclass(frozen=True, slots=True)
class UpcomingWindow:
    """Fixtures kicking off after `as_of` and at most `horizon` later (as_of is aware UTC)."""

    as_of: datetime
    horizon: timedelta = DEFAULT_HORIZON

    def __post_init__(self) -> None:
        if self.as_of.tzinfo is None:
            raise DomainError(f"invalid as_of {self.as_of.isoformat()}: a time zone is required")
        if self.horizon <= timedelta(0):
            raise DomainError(f"invalid horizon {self.horizon}: must be positive")

    def fixtures(self, matches: Iterable[MatchRecord]) -> list[MatchRecord]:
        """The window's fixtures by kickoff (MatchRecord kickoffs are naive UTC)."""
        start = self.as_of.astimezone(UTC).replace(tzinfo=None)
        end = start + self.horizon
        found = [match for match in matches if start < match.kickoff <= end]
        return sorted(found, key=lambda match: (match.kickoff, match.fixture_id))
