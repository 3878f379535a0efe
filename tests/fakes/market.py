"""In-memory read models (passes the same contract test as PostgresMarketData)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from application.ports.market_data import (
    DecisionView,
    EdgeView,
    FixtureView,
    ModelView,
    PredictionView,
    PriceView,
    StatusAt,
)
from domain.markets import MarketSelection, PriceBookEntry
from tests.fakes.betting import _page

if TYPE_CHECKING:
    from application.pagination import Page, PageRequest


@dataclass
class InMemoryMarketData:
    fixture_rows: list[FixtureView] = field(default_factory=list)
    price_rows: dict[str, list[PriceView]] = field(default_factory=dict)
    prediction_rows: dict[str, list[PredictionView]] = field(default_factory=dict)
    edge_rows: list[EdgeView] = field(default_factory=list)
    model_rows: list[ModelView] = field(default_factory=list)
    decision_rows: list[DecisionView] = field(default_factory=list)
    batch_id: str = "00000000-0000-0000-0000-000000000000"

    async def fixtures(
        self, request: PageRequest, competition: str | None, status: StatusAt | None = None
    ) -> Page[FixtureView]:
        found = [
            f for f in self.fixture_rows
            if competition in (None, f.competition)
            and (status is None or f.state().status(status.now, status.void_grace) is status.status)
        ]  # fmt: skip
        return _page(sorted(found, key=lambda f: (f.match_date, f.fixture_id), reverse=True), request)

    async def fixture(self, fixture_id: str) -> FixtureView | None:
        return next((f for f in self.fixture_rows if f.fixture_id == fixture_id), None)

    async def prices(self, fixture_id: str) -> list[PriceView]:
        return sorted(self.price_rows.get(fixture_id, []), key=_price_order)

    async def price_book(self, fixture_id: str) -> list[PriceBookEntry]:
        latest: dict[tuple[Any, ...], PriceBookEntry] = {}
        for p in self.prices_of(fixture_id):
            key = (p.selection.market, p.selection.line, p.selection.selection, p.bookmaker)
            if key not in latest or p.newer_than(latest[key]):
                latest[key] = p
        return [latest[key] for key in sorted(latest, key=lambda k: (k[0], k[1] or 0, k[2], k[3]))]

    def prices_of(self, fixture_id: str) -> list[PriceBookEntry]:
        return [
            PriceBookEntry(fixture_id, MarketSelection(p.market, p.selection, p.line), p.bookmaker, p.price,
                           p.captured_at, self.batch_id, p.is_closing)
            for p in self.price_rows.get(fixture_id, [])
        ]  # fmt: skip

    async def predictions(self, fixture_id: str) -> list[PredictionView]:
        key = lambda p: (p.model, p.version, p.market, p.line or 0, p.selection)  # noqa: E731
        return sorted(self.prediction_rows.get(fixture_id, []), key=key)

    async def edges(self, request: PageRequest) -> Page[EdgeView]:
        return _page(
            sorted(self.edge_rows, key=lambda e: (e.created_at, int(e.edge_id)), reverse=True), request
        )

    async def models(self) -> list[ModelView]:
        return sorted(self.model_rows, key=lambda m: (m.name, m.version))

    async def decisions(self, request: PageRequest, partner_scope: str | None = None) -> Page[DecisionView]:
        rows = [d for d in self.decision_rows if _about(d, partner_scope)]
        return _page(sorted(rows, key=lambda d: (d.created_at, d.decision_id), reverse=True), request)

    async def decision(self, decision_id: str, partner_scope: str | None = None) -> DecisionView | None:
        return next(
            (d for d in self.decision_rows if d.decision_id == decision_id and _about(d, partner_scope)), None
        )


def _about(decision: DecisionView, partner_scope: str | None) -> bool:
    customer = decision.input.get("customer") if isinstance(decision.input, dict) else None
    return partner_scope is None or (
        isinstance(customer, dict) and customer.get("partner_id") == partner_scope
    )


def _price_order(p: PriceView) -> tuple[Any, ...]:
    return (p.market, p.line or 0, p.selection, p.bookmaker, p.is_closing)
