"""What a data source hands the pipeline: raw payloads, and each payload parsed into source records.

Source records still name teams as the source spells them; the silver step resolves those names through
the alias table and assigns identities (application.pipeline.records). A row that fails validation is a
RejectedRow with its reason (it goes to quarantine); a payload that cannot be read at all raises
PayloadError and nothing of it is stored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple

from application.errors import ApplicationError
from application.pipeline.records import AvailabilityStatus, Competition, Market, Selection


class PayloadError(ApplicationError):
    """A payload unreadable as a whole (HTML instead of CSV, truncated, undecodable, no required column)."""

    def __init__(self, locator: str, reason: str) -> None:
        super().__init__(f"{locator}: {reason}")
        self.locator = locator
        self.reason = reason


@dataclass(frozen=True, slots=True)
class RawPayload:
    source: str
    locator: str
    content: bytes = field(repr=False)
    fetched_at: datetime


class SourcePrice(NamedTuple):
    """One price as a source states it; a NamedTuple because sources make millions (see OddsQuote)."""

    market: Market
    line: Decimal | None
    selection: Selection
    bookmaker: str
    price: Decimal
    captured_at: datetime
    is_closing: bool


@dataclass(frozen=True, slots=True)
class SourceResult:
    home_goals: int
    away_goals: int
    home_goals_half_time: int | None = None
    away_goals_half_time: int | None = None
    statistics: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SourceMatch:
    """One match as a source states it; `kickoff` is aware UTC or None when only the date is known."""

    row: int
    competition: str
    season: str
    match_date: date
    home_team: str
    away_team: str
    kickoff: datetime | None = None
    result: SourceResult | None = None
    prices: Sequence[SourcePrice] = ()


@dataclass(frozen=True, slots=True)
class SourceWeatherSeries:
    """Hourly weather at one team's home ground (Open-Meteo): parallel lists, one entry per hour (UTC)."""

    row: int
    team: str
    times: Sequence[datetime]
    temperature_c: Sequence[float | None]
    precipitation_mm: Sequence[float | None]
    wind_speed_kmh: Sequence[float | None]
    relative_humidity: Sequence[float | None]


@dataclass(frozen=True, slots=True)
class SourceAvailability:
    """A player's status for one fixture, named as the source names it."""

    row: int
    competition: str
    match_date: date
    home_team: str
    away_team: str
    team: str
    player: str
    status: AvailabilityStatus
    reason: str | None
    reported_at: datetime


@dataclass(frozen=True, slots=True)
class RejectedRow:
    row: int
    reason: str
    content: str


@dataclass(frozen=True, slots=True)
class ParsedPayload:
    """Everything one payload holds. `aliases` maps names this source uses to canonical team names."""

    competitions: Sequence[Competition] = ()
    matches: Sequence[SourceMatch] = ()
    weather: Sequence[SourceWeatherSeries] = ()
    availability: Sequence[SourceAvailability] = ()
    rejected: Sequence[RejectedRow] = ()
    empty_rows: int = 0
    aliases: Mapping[str, str] = field(default_factory=dict)
