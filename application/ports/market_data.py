"""Port: read-only views of fixtures, prices, predictions, edges, models and policy decisions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Protocol

from application.pagination import Page, PageRequest
from domain.markets import DEFAULT_VOID_GRACE, FixtureState, FixtureStatus, PriceBookEntry, Score


@dataclass(frozen=True, slots=True)
class FixtureView:
    fixture_id: str
    competition: str
    season: str
    match_date: date
    kickoff_at: datetime | None
    home_team: str
    away_team: str
    home_goals: int | None
    away_goals: int | None
    stored_status: str | None = None  # postponed or abandoned, as the data says
    status: str | None = None  # the life-cycle status at the time of the query (filled by the use case)

    @property
    def kickoff(self) -> datetime:
        """The kickoff, or the start of the match day (UTC) when no time is known."""
        return self.kickoff_at or datetime.combine(self.match_date, time(), UTC)

    def state(self) -> FixtureState:
        score = (
            None
            if self.home_goals is None or self.away_goals is None
            else Score(self.home_goals, self.away_goals)
        )
        stored = None if self.stored_status is None else FixtureStatus(self.stored_status)
        return FixtureState(self.fixture_id, self.competition, self.kickoff, stored, score)


@dataclass(frozen=True, slots=True)
class StatusAt:
    """Fixtures in one life-cycle status at a moment (the status follows from kickoff, result and clock)."""

    status: FixtureStatus
    now: datetime
    void_grace: timedelta = DEFAULT_VOID_GRACE


@dataclass(frozen=True, slots=True)
class PriceView:
    market: str
    line: Decimal | None
    selection: str
    bookmaker: str
    price: Decimal
    is_closing: bool
    captured_at: datetime


@dataclass(frozen=True, slots=True)
class PredictionView:
    model: str
    version: int
    stage: str
    market: str
    line: Decimal | None
    selection: str
    probability: float


@dataclass(frozen=True, slots=True)
class EdgeView:
    edge_id: str
    fixture_id: str
    market: str
    line: Decimal | None
    selection: str
    bookmaker: str
    price: Decimal
    probability: float
    edge: float | None  # against the de-vigged market; None when no bookmaker prices the market whole
    kelly_fraction: float | None
    created_at: datetime
    model: str | None = None  # the registered model whose probability it is
    model_version: int | None = None
    captured_at: datetime | None = None  # when the price was stored
    expected_value: float | None = None  # probability × price − 1


@dataclass(frozen=True, slots=True)
class ModelView:
    name: str
    version: int
    stage: str
    metrics: dict[str, Any]
    training_data_versions: list[Any]
    artefact_sha256: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class DecisionView:
    decision_id: str
    created_at: datetime
    jurisdiction: str | None
    allow: bool
    reasons: list[Any]
    bundle_hash: str | None
    input: dict[str, Any]
    result: dict[str, Any] | None


class MarketData(Protocol):
    async def fixtures(
        self, request: PageRequest, competition: str | None, status: StatusAt | None = None
    ) -> Page[FixtureView]:
        """Fixtures by match date, newest first, optionally of one competition and in one status."""
        ...

    async def fixture(self, fixture_id: str) -> FixtureView | None: ...

    async def prices(self, fixture_id: str) -> list[PriceView]:
        """Every stored quote of the fixture, early and closing."""
        ...

    async def price_book(self, fixture_id: str) -> list[PriceBookEntry]:
        """The latest price per market, line, selection and bookmaker (greatest captured_at, the closing
        quote first at the same moment), by market, line, selection, bookmaker."""
        ...

    async def predictions(self, fixture_id: str) -> list[PredictionView]: ...

    async def edges(self, request: PageRequest) -> Page[EdgeView]:
        """Edges found, newest first."""
        ...

    async def models(self) -> list[ModelView]:
        """Every registered model version, by name then version."""
        ...

    async def decisions(self, request: PageRequest, partner_scope: str | None = None) -> Page[DecisionView]:
        """Policy decisions, newest first; with a scope, only those about that partner's customers."""
        ...

    async def decision(self, decision_id: str, partner_scope: str | None = None) -> DecisionView | None: ...
