"""The read models' contract, on the in-memory fake and on PostgreSQL (rows written by plain inserts)."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import insert

from adapters.persistence.engine import create_engine
from adapters.persistence.market_data import PostgresMarketData
from adapters.persistence.schema.betting import edges, predictions
from adapters.persistence.schema.compliance import policy_decisions
from adapters.persistence.schema.pipeline import (
    competitions,
    fixtures,
    odds_quotes,
    raw_batches,
    results,
    seasons,
    teams,
)
from adapters.persistence.schema.registry import models
from application.pagination import PageRequest
from application.ports.market_data import (
    DecisionView,
    EdgeView,
    FixtureView,
    MarketData,
    ModelView,
    PredictionView,
    PriceView,
    StatusAt,
)
from domain.markets import FixtureStatus
from tests.fakes.market import InMemoryMarketData

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from sqlalchemy.ext.asyncio import AsyncEngine

T0 = datetime(2025, 3, 1, 12, tzinfo=UTC)
TEAMS = {name: uuid.uuid4() for name in ("Arsenal", "Chelsea", "Leeds", "Hull")}
FIXTURES = [
    FixtureView(str(uuid.uuid4()), "E0", "2024-2025", date(2025, 3, day), None, home, away, goals, goals)
    for day, home, away, goals in (
        (1, "Arsenal", "Chelsea", 1),
        (2, "Chelsea", "Arsenal", None),
        (3, "Arsenal", "Chelsea", None),
    )
] + [
    FixtureView(str(uuid.uuid4()), "E1", "2024-2025", date(2025, 3, 2), None, "Leeds", "Hull", None, None),
    FixtureView(str(uuid.uuid4()), "E1", "2024-2025", date(2025, 3, 4), T0 + timedelta(days=3),
                "Hull", "Leeds", None, None, "postponed"),
]  # fmt: skip
PRICES = [
    PriceView("1x2", None, sel, "pinnacle", Decimal(p), closing, at)
    for sel, p, at in (("home", "2.10", T0), ("draw", "3.40", T0 + timedelta(hours=1)))
    for closing in (False, True)
    if not (sel == "draw" and closing)
] + [PriceView("1x2", None, "draw", "pinnacle", Decimal("3.30"), True, T0)]  # an older closing price
MODEL = ModelView("dixon-coles", 1, "champion", {"rps": 0.19}, ["batch-1"], "ab" * 32, T0)
PREDICTIONS = [
    PredictionView("dixon-coles", 1, "champion", "1x2", None, sel, p)
    for sel, p in (("away", 0.3), ("draw", 0.25), ("home", 0.45))
]
EDGES = [
    EdgeView(
        str(i),
        FIXTURES[0].fixture_id,
        "1x2",
        None,
        "home",
        "pinnacle",
        Decimal("2.10"),
        0.5,
        0.05,
        0.01,
        T0 + timedelta(minutes=i),
    )
    for i in (1, 2, 3)
]
DECISIONS = [
    DecisionView(f"d{i}", T0 + timedelta(seconds=i), "GB", i % 2 == 0, [], "h" * 64, {"n": i}, None)
    for i in range(5)
]


async def _seed_postgres(engine: AsyncEngine) -> None:
    payload = b"seed"
    batch = uuid.uuid4()
    async with engine.begin() as c:
        await c.execute(
            insert(competitions),
            [{"code": "E0", "name": "Premier League"}, {"code": "E1", "name": "Championship"}],
        )
        await c.execute(
            insert(seasons), [{"competition": code, "name": "2024-2025"} for code in ("E0", "E1")]
        )
        await c.execute(insert(teams), [{"id": key, "name": name} for name, key in TEAMS.items()])
        await c.execute(
            insert(raw_batches).values(
                id=batch,
                source="seed",
                locator="seed",
                fetched_at=T0,
                sha256=hashlib.sha256(payload).hexdigest(),
                size_bytes=len(payload),
                payload=payload,
            )
        )
        await c.execute(
            insert(fixtures),
            [
                {
                    "id": uuid.UUID(f.fixture_id),
                    "competition": f.competition,
                    "season": f.season,
                    "match_date": f.match_date,
                    "home_team_id": TEAMS[f.home_team],
                    "away_team_id": TEAMS[f.away_team],
                    "kickoff_at": f.kickoff_at,
                    "batch_id": batch,
                    "status": f.stored_status,
                }
                for f in FIXTURES
            ],
        )
        await c.execute(
            insert(results).values(
                fixture_id=uuid.UUID(FIXTURES[0].fixture_id), home_goals=1, away_goals=1, batch_id=batch
            )
        )
        await c.execute(
            insert(odds_quotes),
            [
                {
                    "fixture_id": uuid.UUID(FIXTURES[0].fixture_id),
                    "market": p.market,
                    "line": p.line,
                    "selection": p.selection,
                    "bookmaker": p.bookmaker,
                    "is_closing": p.is_closing,
                    "captured_at": p.captured_at,
                    "price": p.price,
                    "batch_id": batch,
                }
                for p in PRICES
            ],
        )
        model_id = (
            await c.execute(
                insert(models)
                .values(
                    name=MODEL.name,
                    version=MODEL.version,
                    stage=MODEL.stage,
                    metrics=MODEL.metrics,
                    training_data_versions=MODEL.training_data_versions,
                    artefact_sha256=MODEL.artefact_sha256,
                    created_at=MODEL.created_at,
                )
                .returning(models.c.id)
            )
        ).scalar_one()
        await c.execute(
            insert(predictions),
            [
                {
                    "model_id": model_id,
                    "fixture_id": uuid.UUID(FIXTURES[0].fixture_id),
                    "market": p.market,
                    "line": p.line,
                    "selection": p.selection,
                    "probability": p.probability,
                }
                for p in PREDICTIONS
            ],
        )
        await c.execute(
            insert(edges),
            [
                {
                    "id": int(e.edge_id),
                    "fixture_id": uuid.UUID(e.fixture_id),
                    "market": e.market,
                    "line": e.line,
                    "selection": e.selection,
                    "bookmaker": e.bookmaker,
                    "price": e.price,
                    "probability": e.probability,
                    "edge": e.edge,
                    "kelly_fraction": e.kelly_fraction,
                    "created_at": e.created_at,
                }
                for e in EDGES
            ],
        )
        await c.execute(
            insert(policy_decisions),
            [
                {
                    "id": d.decision_id,
                    "created_at": d.created_at,
                    "jurisdiction": d.jurisdiction,
                    "input": d.input,
                    "result": d.result,
                    "allow": d.allow,
                    "reasons": d.reasons,
                    "bundle_hash": d.bundle_hash,
                }
                for d in DECISIONS
            ],
        )


@pytest.fixture(params=["memory", "postgres"])
async def market(request: pytest.FixtureRequest) -> AsyncIterator[MarketData]:
    if request.param == "memory":
        yield InMemoryMarketData(
            FIXTURES,
            {FIXTURES[0].fixture_id: PRICES},
            {FIXTURES[0].fixture_id: PREDICTIONS},
            EDGES,
            [MODEL],
            DECISIONS,
        )
        return
    engine = create_engine(request.getfixturevalue("fresh_database_url"), pooled=False)
    try:
        await _seed_postgres(engine)
        yield PostgresMarketData(engine)
    finally:
        await engine.dispose()


def _order(p: PriceView) -> tuple[Any, ...]:
    return (p.selection, p.is_closing, p.captured_at)


async def _all(fetch: Any, limit: int = 2) -> list[Any]:
    items, cursor = [], None
    while True:
        page = await fetch(PageRequest(limit=limit, cursor=cursor))
        items += page.items
        if (cursor := page.next_cursor) is None:
            return items


async def test_fixtures_page_newest_first_and_filter_by_competition(market: MarketData) -> None:
    every = await _all(lambda page: market.fixtures(page, None))
    assert [f.match_date for f in every] == sorted((f.match_date for f in FIXTURES), reverse=True)
    assert sorted(f.fixture_id for f in every) == sorted(f.fixture_id for f in FIXTURES)
    e1 = await _all(lambda page: market.fixtures(page, "E1"))
    assert [(f.home_team, f.away_team) for f in e1] == [("Hull", "Leeds"), ("Leeds", "Hull")]


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (T0 + timedelta(hours=13), {FixtureStatus.FINISHED: [0], FixtureStatus.IN_PLAY: [1, 3],
                                    FixtureStatus.SCHEDULED: [2], FixtureStatus.POSTPONED: [4]}),
        (T0 + timedelta(days=10), {FixtureStatus.FINISHED: [0], FixtureStatus.VOID: [1, 2, 3, 4]}),
    ],
)  # fmt: skip
async def test_fixtures_by_life_cycle_status_now(
    market: MarketData, now: datetime, expected: dict[FixtureStatus, list[int]]
) -> None:
    for status in FixtureStatus:
        found = await _all(lambda page: market.fixtures(page, None, StatusAt(status, now)))  # noqa: B023
        wanted = sorted(FIXTURES[i].fixture_id for i in expected.get(status, []))
        assert sorted(f.fixture_id for f in found) == wanted, status
        assert all(f.state().status(now) is status for f in found), "the SQL and the domain agree"


async def test_the_price_book_keeps_the_latest_price_the_closing_one_on_a_tie(market: MarketData) -> None:
    book = await market.price_book(FIXTURES[0].fixture_id)
    latest = {(e.selection.selection, e.bookmaker): (e.price, e.is_closing) for e in book}
    assert latest == {
        ("home", "pinnacle"): (Decimal("2.10"), True),
        ("draw", "pinnacle"): (Decimal("3.40"), False),
    }
    assert all(e.batch_id and e.captured_at for e in book)
    assert await market.price_book(FIXTURES[1].fixture_id) == []


async def test_one_fixture_with_result_prices_and_predictions(market: MarketData) -> None:
    first = FIXTURES[0].fixture_id
    assert await market.fixture(first) == FIXTURES[0]
    assert sorted(await market.prices(first), key=_order) == sorted(PRICES, key=_order)
    assert [p.selection for p in await market.predictions(first)] == ["away", "draw", "home"]
    assert await market.fixture(str(uuid.uuid4())) is None
    assert await market.fixture("not-a-uuid") is None


async def test_edges_models_and_decisions(market: MarketData) -> None:
    assert [e.edge_id for e in await _all(market.edges)] == ["3", "2", "1"]
    assert await market.models() == [MODEL]
    assert [d.decision_id for d in await _all(market.decisions)] == ["d4", "d3", "d2", "d1", "d0"]
    assert await market.decision("d2") == DECISIONS[2]
    assert await market.decision("nope") is None
