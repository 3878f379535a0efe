"""Read-only use cases for quants, partners and auditors: market data, models, policy decisions.

Rules: market data (fixtures, prices, predictions, edges) is readable by partners, quants and auditors;
the model registry by quants; the policy decisions by auditors (and admins). Unknown ids are "not found".
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from application.errors import NotFound
from application.pagination import Page, PageRequest
from application.ports.clock import Clock
from application.ports.market_data import (
    DecisionView,
    EdgeView,
    FixtureView,
    MarketData,
    ModelView,
    PredictionView,
    StatusAt,
)
from domain.markets import DEFAULT_VOID_GRACE, MARKETS, FixtureStatus, PriceBookEntry

CHAMPION = "champion"


@dataclass(frozen=True, slots=True)
class FixturePageRequest:
    page: PageRequest
    competition: str | None = None
    status: FixtureStatus | None = None


@dataclass(frozen=True, slots=True)
class SelectionBook:
    """One selection: its latest price at each bookmaker, and the champion model's probability if any."""

    selection: str
    prices: list[PriceBookEntry]
    probability: float | None
    model: str | None


@dataclass(frozen=True, slots=True)
class MarketBook:
    market: str
    line: Decimal | None
    selections: list[SelectionBook]


@dataclass(frozen=True, slots=True)
class FixtureDetails:
    fixture: FixtureView
    markets: list[MarketBook]
    predictions: list[PredictionView]


class _Reader:
    def __init__(self, market: MarketData) -> None:
        self._market = market


class _LifeCycleReader(_Reader):
    def __init__(self, market: MarketData, clock: Clock, void_grace: timedelta = DEFAULT_VOID_GRACE) -> None:
        super().__init__(market)
        self._clock, self._grace = clock, void_grace

    def _with_status(self, fixture: FixtureView) -> FixtureView:
        status = fixture.state().status(self._clock.now(), self._grace)
        return dataclasses.replace(fixture, status=status.value)


class ListFixtures(_LifeCycleReader):
    """Fixtures, newest match date first, each with its life-cycle status now; optionally only those of one
    competition or in one status."""

    async def execute(self, request: FixturePageRequest) -> Page[FixtureView]:
        now = self._clock.now()
        wanted = None if request.status is None else StatusAt(request.status, now, self._grace)
        page = await self._market.fixtures(request.page, request.competition, wanted)
        return Page(tuple(self._with_status(f) for f in page.items), page.next_cursor)


class GetFixture(_LifeCycleReader):
    """One fixture with its status, its price book by market (latest price per selection and bookmaker,
    with the champion's probability), and every model's predictions."""

    async def execute(self, fixture_id: str) -> FixtureDetails:
        fixture = await self._market.fixture(fixture_id)
        if fixture is None:
            raise NotFound("fixture", fixture_id)
        predictions = await self._market.predictions(fixture_id)
        book = await self._market.price_book(fixture_id)
        return FixtureDetails(self._with_status(fixture), _markets(book, predictions), predictions)


def _markets(book: Sequence[PriceBookEntry], predictions: Sequence[PredictionView]) -> list[MarketBook]:
    champion = {(p.market, p.line, p.selection): p for p in predictions if p.stage == CHAMPION}
    grouped: dict[tuple[str, Decimal | None], dict[str, list[PriceBookEntry]]] = {}
    for entry in book:
        chosen = entry.selection
        grouped.setdefault((chosen.market, chosen.line), {}).setdefault(chosen.selection, []).append(entry)
    markets = []
    for (market, line), selections in sorted(grouped.items(), key=lambda item: _market_order(*item[0])):
        order = MARKETS[market].selections if market in MARKETS else tuple(sorted(selections))
        listed = []
        for code in sorted(selections, key=lambda c: order.index(c) if c in order else len(order)):
            prediction = champion.get((market, line, code))
            prices = sorted(selections[code], key=lambda e: e.bookmaker)
            if prediction is None:
                listed.append(SelectionBook(code, prices, None, None))
            else:
                model = f"{prediction.model} v{prediction.version}"
                listed.append(SelectionBook(code, prices, prediction.probability, model))
        markets.append(MarketBook(market, line, listed))
    return markets


def _market_order(market: str, line: Decimal | None) -> tuple[int, str, Decimal]:
    known = list(MARKETS)
    return (known.index(market) if market in known else len(known), market, line or Decimal(0))


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
