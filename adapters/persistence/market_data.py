"""Read models on PostgreSQL: fixtures, prices, predictions, edges, the model registry, policy decisions."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, DateTime, Select, and_, cast, func, not_, or_, select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.orm import aliased

from adapters.persistence import cursors
from adapters.persistence.catalogue import price_entry
from adapters.persistence.errors import translated
from adapters.persistence.schema.betting import edges, predictions
from adapters.persistence.schema.compliance import policy_decisions
from adapters.persistence.schema.pipeline import fixtures, odds_quotes, results, teams
from adapters.persistence.schema.registry import models
from application.ports.market_data import (
    DecisionView,
    EdgeView,
    FixtureView,
    ModelView,
    PredictionView,
    PriceView,
    StatusAt,
)
from domain.markets import FixtureStatus, PriceBookEntry

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine

    from application.pagination import Page, PageRequest

_home, _away = aliased(teams), aliased(teams)


def _uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def _fixture_query() -> Select[Any]:
    f = fixtures
    return (
        select(
            f.c.id,
            f.c.competition,
            f.c.season,
            f.c.match_date,
            f.c.kickoff_at,
            _home.c.name.label("home"),
            _away.c.name.label("away"),
            results.c.home_goals,
            results.c.away_goals,
            f.c.status,
        )
        .join(_home, _home.c.id == f.c.home_team_id)
        .join(_away, _away.c.id == f.c.away_team_id)
        .outerjoin(results, results.c.fixture_id == f.c.id)
    )


def _fixture(row: Any) -> FixtureView:
    return FixtureView(
        str(row.id),
        row.competition,
        row.season,
        row.match_date,
        row.kickoff_at,
        row.home,
        row.away,
        row.home_goals,
        row.away_goals,
        row.status,
    )


def _in_status(wanted: StatusAt) -> ColumnElement[bool]:
    """The SQL twin of domain.markets.FixtureState.status (the contract tests hold both to it)."""
    f, now, grace = fixtures, wanted.now, wanted.void_grace
    kickoff = func.coalesce(f.c.kickoff_at, func.timezone("UTC", cast(f.c.match_date, DateTime)))
    played = and_(results.c.fixture_id.is_not(None), kickoff <= now)  # a score is known from kickoff
    unplayed = not_(played)
    abandoned = f.c.status == FixtureStatus.ABANDONED.value
    not_abandoned = or_(f.c.status.is_(None), f.c.status != FixtureStatus.ABANDONED.value)
    past_grace = kickoff + grace <= now
    conditions: dict[FixtureStatus, list[ColumnElement[bool]]] = {
        FixtureStatus.FINISHED: [played],
        FixtureStatus.ABANDONED: [unplayed, abandoned],
        FixtureStatus.VOID: [unplayed, not_abandoned, past_grace],
        FixtureStatus.POSTPONED: [unplayed, f.c.status == FixtureStatus.POSTPONED.value, ~past_grace],
        FixtureStatus.IN_PLAY: [unplayed, f.c.status.is_(None), kickoff <= now, ~past_grace],
        FixtureStatus.SCHEDULED: [unplayed, f.c.status.is_(None), kickoff > now],
    }
    return and_(*conditions[wanted.status])


class PostgresMarketData:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def _rows(self, query: Select[Any]) -> list[Any]:
        async with translated(), self._engine.connect() as connection:
            return list((await connection.execute(query)).all())

    async def fixtures(
        self, request: PageRequest, competition: str | None, status: StatusAt | None = None
    ) -> Page[FixtureView]:
        query = _fixture_query()
        if competition is not None:
            query = query.where(fixtures.c.competition == competition)
        if status is not None:
            query = query.where(_in_status(status))
        query = cursors.keyset(
            query,
            fixtures.c.match_date,
            fixtures.c.id,
            request,
            newest_first=True,
            parse_at=date.fromisoformat,
            parse_id=uuid.UUID,
        )
        found = [_fixture(row) for row in await self._rows(query)]
        return cursors.page_of(found, request, lambda f: (f.match_date, f.fixture_id))

    async def fixture(self, fixture_id: str) -> FixtureView | None:
        key = _uuid(fixture_id)
        if key is None:
            return None
        rows = await self._rows(_fixture_query().where(fixtures.c.id == key))
        return _fixture(rows[0]) if rows else None

    async def prices(self, fixture_id: str) -> list[PriceView]:
        q = odds_quotes
        query = (
            select(q)
            .where(q.c.fixture_id == _uuid(fixture_id))
            .order_by(q.c.market, q.c.line, q.c.selection, q.c.bookmaker, q.c.is_closing)
        )
        return [
            PriceView(r.market, r.line, r.selection, r.bookmaker, r.price, r.is_closing, r.captured_at)
            for r in await self._rows(query)
        ]

    async def price_book(self, fixture_id: str) -> list[PriceBookEntry]:
        q = odds_quotes
        identity = (q.c.market, q.c.line, q.c.selection, q.c.bookmaker)
        query = (
            select(q)
            .ext(distinct_on(*identity))
            .where(q.c.fixture_id == _uuid(fixture_id))
            .order_by(*identity, q.c.captured_at.desc(), q.c.is_closing.desc())
        )
        return [price_entry(row) for row in await self._rows(query)]

    async def predictions(self, fixture_id: str) -> list[PredictionView]:
        p = predictions
        query = (
            select(
                models.c.name,
                models.c.version,
                models.c.stage,
                p.c.market,
                p.c.line,
                p.c.selection,
                p.c.probability,
            )
            .join(models, models.c.id == p.c.model_id)
            .where(p.c.fixture_id == _uuid(fixture_id))
            .order_by(models.c.name, models.c.version, p.c.market, p.c.line, p.c.selection)
        )
        return [PredictionView(*row) for row in await self._rows(query)]

    async def edges(self, request: PageRequest) -> Page[EdgeView]:
        e = edges
        lineage = (
            select(e, models.c.name.label("model"), models.c.version.label("model_version"))
            .outerjoin(predictions, predictions.c.id == e.c.prediction_id)
            .outerjoin(models, models.c.id == predictions.c.model_id)
        )
        query = cursors.keyset(lineage, e.c.created_at, e.c.id, request, newest_first=True, parse_id=int)
        found = [
            EdgeView(
                str(r.id),
                str(r.fixture_id),
                r.market,
                r.line,
                r.selection,
                r.bookmaker,
                r.price,
                r.probability,
                r.edge,
                r.kelly_fraction,
                r.created_at,
                r.model,
                r.model_version,
                r.captured_at,
                r.expected_value,
            )
            for r in await self._rows(query)
        ]
        return cursors.page_of(found, request, lambda edge: (edge.created_at, edge.edge_id))

    async def models(self) -> list[ModelView]:
        query = select(models).order_by(models.c.name, models.c.version)
        return [
            ModelView(
                r.name,
                r.version,
                r.stage,
                r.metrics,
                r.training_data_versions,
                r.artefact_sha256,
                r.created_at,
            )
            for r in await self._rows(query)
        ]

    async def decisions(self, request: PageRequest, partner_scope: str | None = None) -> Page[DecisionView]:
        d = policy_decisions
        query = cursors.keyset(
            _scoped(select(d), partner_scope), d.c.created_at, d.c.id, request, newest_first=True
        )
        found = [_decision(row) for row in await self._rows(query)]
        return cursors.page_of(found, request, lambda x: (x.created_at, x.decision_id))

    async def decision(self, decision_id: str, partner_scope: str | None = None) -> DecisionView | None:
        query = _scoped(select(policy_decisions).where(policy_decisions.c.id == decision_id), partner_scope)
        rows = await self._rows(query)
        return _decision(rows[0]) if rows else None


def _scoped(query: Any, partner_scope: str | None) -> Any:
    """Only the decisions about the partner's customers (their input names the partner)."""
    if partner_scope is None:
        return query
    return query.where(policy_decisions.c.input["customer"]["partner_id"].astext == partner_scope)


def _decision(row: Any) -> DecisionView:
    return DecisionView(
        row.id,
        row.created_at,
        row.jurisdiction,
        row.allow,
        row.reasons,
        row.bundle_hash,
        row.input,
        row.result,
    )
