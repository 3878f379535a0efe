"""Port: read-only views of fixtures, prices, predictions, edges, models and policy decisions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol

from application.pagination import Page, PageRequest


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
    edge: float
    kelly_fraction: float | None
    created_at: datetime


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
    async def fixtures(self, request: PageRequest, competition: str | None) -> Page[FixtureView]:
        """Fixtures by match date, newest first, optionally of one competition."""
        ...

    async def fixture(self, fixture_id: str) -> FixtureView | None: ...

    async def prices(self, fixture_id: str) -> list[PriceView]: ...

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
