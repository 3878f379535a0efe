"""Read-only use cases for quants, partners and auditors: market data, models, policy decisions.

Rules: market data (fixtures, prices, predictions, edges) is readable by partners, quants and auditors;
the model registry by quants; the policy decisions by auditors (and admins). Unknown ids are "not found".
"""

from __future__ import annotations

from dataclasses import dataclass

from application.errors import NotFound
from application.pagination import Page, PageRequest
from application.ports.market_data import (
    DecisionView,
    EdgeView,
    FixtureView,
    MarketData,
    ModelView,
    PredictionView,
    PriceView,
)


@dataclass(frozen=True, slots=True)
class FixturePageRequest:
    page: PageRequest
    competition: str | None = None


@dataclass(frozen=True, slots=True)
class FixtureDetails:
    fixture: FixtureView
    prices: list[PriceView]
    predictions: list[PredictionView]


class _Reader:
    def __init__(self, market: MarketData) -> None:
        self._market = market


class ListFixtures(_Reader):
    """Fixtures, newest match date first."""

    async def execute(self, request: FixturePageRequest) -> Page[FixtureView]:
        return await self._market.fixtures(request.page, request.competition)


class GetFixture(_Reader):
    """One fixture with every stored price (early and closing) and every model's predictions."""

    async def execute(self, fixture_id: str) -> FixtureDetails:
        fixture = await self._market.fixture(fixture_id)
        if fixture is None:
            raise NotFound("fixture", fixture_id)
        prices = await self._market.prices(fixture_id)
        return FixtureDetails(fixture, prices, await self._market.predictions(fixture_id))


class ListEdges(_Reader):
    """Edges found by the edge engine, newest first."""

    async def execute(self, request: PageRequest) -> Page[EdgeView]:
        return await self._market.edges(request)


class ListModels(_Reader):
    """The model registry: every version of every model with its stage and metrics."""

    async def execute(self) -> list[ModelView]:
        return await self._market.models()


class ListDecisions(_Reader):
    """Policy decisions, newest first, each with its input, result and bundle hash."""

    async def execute(self, request: PageRequest, partner_scope: str | None = None) -> Page[DecisionView]:
        """With a scope (a key bound to a partner), only the decisions about that partner's customers."""
        return await self._market.decisions(request, partner_scope)


class GetDecision(_Reader):
    """One policy decision."""

    async def execute(self, decision_id: str, partner_scope: str | None = None) -> DecisionView:
        decision = await self._market.decision(decision_id, partner_scope)
        if decision is None:
            raise NotFound("policy decision", decision_id)
        return decision
