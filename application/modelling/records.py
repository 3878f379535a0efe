"""What the models see of a match: teams, kickoff, result, match statistics and 1X2 prices.

A MatchRecord is a denormalised, read-only view of one fixture assembled from the silver tables (or from
a source file): the feature builder, the models and the walk-forward evaluation all work on it.

Information timing (the point-in-time rule): a match's result and statistics become known RESULT_DELAY
after a known kickoff time, or at the end of its day when no kickoff time is recorded. A fixture may use
only information known at its cutoff: its kickoff, or the start of its day when no time is recorded (so
matches of the same date never count). Early prices are collected before kickoff and may be used; closing
prices never are.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from domain.errors import InvalidModelInput, InvalidOdds
from domain.margin import DevigMethod, devig, multiplicative
from domain.odds import Odds
from domain.scoring import Outcome

# A match lasts about 1 h 55 min with half-time and stoppages; the margin keeps late finishes out.
RESULT_DELAY = timedelta(hours=2, minutes=30)
# The order in which an early (or closing) 1X2 price is taken when several bookmakers quote it.
PRICE_PREFERENCE = ("pinnacle", "bet365", "average")


@dataclass(frozen=True, slots=True)
class PriceTriple:
    """Decimal odds of home win, draw and away win from one bookmaker."""

    home: float
    draw: float
    away: float

    def __post_init__(self) -> None:
        for name, price in (("home", self.home), ("draw", self.draw), ("away", self.away)):
            if not (isinstance(price, int | float) and math.isfinite(price) and price > 1.0):
                raise InvalidOdds(f"invalid {name} price {price!r}: decimal odds must be finite and above 1")

    @property
    def overround(self) -> float:
        return 1.0 / self.home + 1.0 / self.draw + 1.0 / self.away - 1.0

    def devigged(self, method: DevigMethod) -> tuple[float, float, float]:
        """Probabilities with the margin removed by `method` (domain.margin); DevigError when it cannot."""
        odds = [Odds.from_decimal(Decimal(repr(price))) for price in (self.home, self.draw, self.away)]
        home, draw, away = devig(odds, method).probabilities
        return home, draw, away

    def fair_probabilities(self) -> tuple[float, float, float]:
        """Probabilities with the margin removed by normalising 1/odds (multiplicative de-vig)."""
        home, draw, away = multiplicative([1.0 / self.home, 1.0 / self.draw, 1.0 / self.away])
        return home, draw, away


@dataclass(frozen=True, slots=True)
class TeamMatchStats:
    """One side's match statistics; None where the source has no figure."""

    shots: float | None = None
    shots_on_target: float | None = None
    xg: float | None = None


Quotes = tuple[tuple[str, PriceTriple], ...]


@dataclass(frozen=True, slots=True)
class MatchRecord:
    """One fixture. `kickoff` is naive UTC (aware values are converted); goals are None until played."""

    fixture_id: str
    league: str
    season: str
    kickoff: datetime
    home_team: str
    away_team: str
    kickoff_time_known: bool = True
    home_goals: int | None = None
    away_goals: int | None = None
    home_stats: TeamMatchStats = field(default_factory=TeamMatchStats)
    away_stats: TeamMatchStats = field(default_factory=TeamMatchStats)
    early_prices: Quotes = ()
    closing_prices: Quotes = ()
    # Numeric pre-match facts from other sources (availability, weather), by feature name.
    extras: tuple[tuple[str, float], ...] = ()
    # Information known at or before `cutoff` may be used for this fixture; its own result and statistics
    # become public at `known_from`. Both follow from the kickoff (computed once: asked for very often).
    cutoff: datetime = field(init=False, repr=False, compare=False)
    known_from: datetime = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.kickoff.tzinfo is not None:
            object.__setattr__(self, "kickoff", self.kickoff.astimezone(UTC).replace(tzinfo=None))
        object.__setattr__(self, "cutoff", _cutoff(self.kickoff, self.kickoff_time_known))
        object.__setattr__(self, "known_from", _known_from(self.kickoff, self.kickoff_time_known))
        if self.home_team == self.away_team:
            raise InvalidModelInput(f"fixture {self.fixture_id}: {self.home_team} cannot play itself")
        if (self.home_goals is None) != (self.away_goals is None):
            raise InvalidModelInput(f"fixture {self.fixture_id}: both scores or neither")
        for goals in (self.home_goals, self.away_goals):
            if goals is not None and goals < 0:
                raise InvalidModelInput(f"fixture {self.fixture_id}: negative goals {goals}")

    @property
    def played(self) -> bool:
        return self.home_goals is not None

    @property
    def outcome(self) -> Outcome:
        if self.home_goals is None or self.away_goals is None:
            raise InvalidModelInput(f"fixture {self.fixture_id} has no result yet")
        return Outcome.from_goals(self.home_goals, self.away_goals)

    def early(self, preference: Sequence[str] = PRICE_PREFERENCE) -> PriceTriple | None:
        return preferred_quote(self.early_prices, preference)

    def closing(self, preference: Sequence[str] = PRICE_PREFERENCE) -> PriceTriple | None:
        return preferred_quote(self.closing_prices, preference)


def _cutoff(kickoff: datetime, time_known: bool) -> datetime:
    return kickoff if time_known else datetime.combine(kickoff.date(), time())


def _known_from(kickoff: datetime, time_known: bool) -> datetime:
    if time_known:
        return kickoff + RESULT_DELAY
    return datetime.combine(kickoff.date() + timedelta(days=1), time())


def preferred_quote(quotes: Quotes, preference: Sequence[str] = PRICE_PREFERENCE) -> PriceTriple | None:
    """The first preferred bookmaker's prices, else the alphabetically first quote, else None."""
    by_bookmaker = dict(quotes)
    for bookmaker in preference:
        if bookmaker in by_bookmaker:
            return by_bookmaker[bookmaker]
    return by_bookmaker[min(by_bookmaker)] if by_bookmaker else None


def known_before(history: Iterable[MatchRecord], moment: datetime) -> list[MatchRecord]:
    """Played matches whose result was public at `moment`, in the order they became known."""
    known = [match for match in history if match.played and match.known_from <= moment]
    return sorted(known, key=lambda match: (match.known_from, match.fixture_id))


def chronological(matches: Iterable[MatchRecord]) -> list[MatchRecord]:
    return sorted(matches, key=lambda match: (match.cutoff, match.kickoff, match.fixture_id))
