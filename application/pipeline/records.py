"""Records the pipeline stores: what the repositories receive and return (plain values, no ORM).

Identity is decided here, not by the database, so whole batches can be written without lookups:
- a team is its `team_id` (uuid5 of its canonical name); every name a source uses for it is a `TeamAlias`;
- a fixture is its `fixture_id` (uuid5 of competition, local match date, home and away team ids);
- a raw batch is its `batch_id` (uuid5 of source and sha256): the dataset version features record.

Odds are one long table. `line` is None for 1X2 and is read from the selected side, as a bettor reads it
(domain.legs): "over 2.5" has line 2.5, "away +0.25" has line 0.25 (the home side then has -0.25).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

STAKEWISE_NAMESPACE = uuid.UUID("6b3c1d2e-6a53-5d6c-9a57-7374616b6577")


class Market(StrEnum):
    MATCH_RESULT = "1x2"
    TOTALS = "totals"
    ASIAN_HANDICAP = "asian_handicap"


class Selection(StrEnum):
    HOME = "home"
    DRAW = "draw"
    AWAY = "away"
    OVER = "over"
    UNDER = "under"


def team_id_for(canonical_name: str) -> uuid.UUID:
    return uuid.uuid5(STAKEWISE_NAMESPACE, f"team:{normalise_name(canonical_name)}")


def fixture_id_for(competition: str, match_date: date, home: uuid.UUID, away: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(STAKEWISE_NAMESPACE, f"fixture:{competition}:{match_date.isoformat()}:{home}:{away}")


def batch_id_for(source: str, sha256: str) -> uuid.UUID:
    return uuid.uuid5(STAKEWISE_NAMESPACE, f"batch:{source}:{sha256}")


def normalise_name(name: str) -> str:
    """The form aliases are matched on: case, spacing and punctuation do not tell two teams apart."""
    kept = "".join(char if char.isalnum() else " " for char in name.casefold())
    return " ".join(kept.split())


@dataclass(frozen=True, slots=True)
class RawBatch:
    """Bronze: one payload exactly as received, never edited."""

    batch_id: uuid.UUID
    source: str
    locator: str
    fetched_at: datetime
    sha256: str
    content: bytes = field(repr=False)

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass(frozen=True, slots=True)
class Competition:
    """A competition of the catalogue. `youth`: its participants are mostly under 18; `college`: its teams
    are college teams, from `region` (an ISO 3166-2 code such as US-NJ). Compliance rules read these."""

    code: str
    name: str
    country: str | None = None
    youth: bool = False
    college: bool = False
    region: str | None = None


@dataclass(frozen=True, slots=True)
class Season:
    """A competition's season, e.g. ("E0", "2020-2021"); its dates span the fixtures stored for it."""

    competition: str
    name: str


@dataclass(frozen=True, slots=True)
class Team:
    team_id: uuid.UUID
    name: str


@dataclass(frozen=True, slots=True)
class TeamAlias:
    """A name a source uses for a team; `alias` is stored normalised (normalise_name)."""

    alias: str
    team_id: uuid.UUID
    source: str


@dataclass(frozen=True, slots=True)
class Fixture:
    """A match. `kickoff` is timezone-aware UTC when the source gives a time, else None."""

    fixture_id: uuid.UUID
    competition: str
    season: str
    match_date: date
    home_team_id: uuid.UUID
    away_team_id: uuid.UUID
    kickoff: datetime | None
    batch_id: uuid.UUID


@dataclass(frozen=True, slots=True)
class Result:
    """A played match's score; half-time goals and match statistics where the source has them."""

    fixture_id: uuid.UUID
    home_goals: int
    away_goals: int
    home_goals_half_time: int | None
    away_goals_half_time: int | None
    statistics: Mapping[str, float]
    batch_id: uuid.UUID


class OddsQuote(NamedTuple):
    """One price. Its identity is (fixture, market, line, selection, bookmaker, is_closing, captured_at).

    A NamedTuple, not a dataclass: millions are made per ingest, a tuple is four times cheaper to build,
    and its field order is the odds_quotes column order, so an adapter can COPY quotes as they are.
    """

    fixture_id: uuid.UUID
    market: Market
    line: Decimal | None
    selection: Selection
    bookmaker: str
    price: Decimal
    captured_at: datetime
    is_closing: bool
    batch_id: uuid.UUID


@dataclass(frozen=True, slots=True)
class QuarantinedRow:
    """A source row (a CSV line, a JSON event) that failed validation; `row` is 1-based in its payload."""

    batch_id: uuid.UUID
    source: str
    locator: str
    row: int
    reason: str
    content: str


@dataclass(frozen=True, slots=True)
class WeatherReport:
    """The weather at the home ground at kickoff (or at the hour stated by `observed_at`)."""

    fixture_id: uuid.UUID
    observed_at: datetime
    temperature_c: float | None
    precipitation_mm: float | None
    wind_speed_kmh: float | None
    relative_humidity: float | None
    batch_id: uuid.UUID


class AvailabilityStatus(StrEnum):
    INJURED = "injured"
    SUSPENDED = "suspended"
    DOUBTFUL = "doubtful"
    AVAILABLE = "available"


@dataclass(frozen=True, slots=True)
class PlayerAvailability:
    """A player's status for a fixture as reported at `reported_at`; one row per (fixture, team, player)."""

    fixture_id: uuid.UUID
    team_id: uuid.UUID
    player: str
    status: AvailabilityStatus
    reason: str | None
    reported_at: datetime
    batch_id: uuid.UUID
