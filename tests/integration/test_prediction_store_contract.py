"""The prediction store's and the latest prices' contract, on the in-memory fakes and on PostgreSQL."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import insert

from adapters.persistence.engine import create_engine
from adapters.persistence.predictions import PostgresLatestPrices, PostgresPredictionStore
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
from application.errors import NotFound
from application.ports.latest_prices import LatestPrice, LatestPrices
from application.ports.prediction_store import EdgeRow, PredictionRow, PredictionStore
from tests.fakes.predictions import FixtureFacts, InMemoryLatestPrices, InMemoryPredictionStore

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from sqlalchemy.ext.asyncio import AsyncEngine

T0 = datetime(2025, 3, 1, 12, tzinfo=UTC)
KICKOFF = T0 + timedelta(days=2)
OPEN, PLAYED = str(uuid.uuid4()), str(uuid.uuid4())
BATCH = uuid.uuid4()
MODELS = {("dixon-coles/E0", 1): "retired", ("dixon-coles/E0", 2): "champion", ("poisson/E0", 1): "champion"}
LINE = Decimal("2.5")


def _quote(market: str, selection: str, bookmaker: str, price: str, hours: int, closing: bool) -> LatestPrice:
    line = None if market == "1x2" else LINE
    at = T0 + timedelta(hours=hours)
    return LatestPrice(OPEN, market, line, selection, bookmaker, Decimal(price), at, closing, str(BATCH))


QUOTES = [
    _quote("totals", "over", "pinnacle", "1.90", 0, False),
    _quote("totals", "over", "pinnacle", "1.85", 5, False),
    _quote("totals", "over", "bet365", "1.80", 1, False),
    _quote("totals", "over", "bet365", "1.83", 1, True),  # the same time: the closing price is the latest
    _quote("1x2", "home", "pinnacle", "2.10", 0, False),
]


@dataclass
class Backend:
    store: PredictionStore
    prices: LatestPrices


async def _seed(engine: AsyncEngine) -> None:
    payload = b"seed"
    home, away = uuid.uuid4(), uuid.uuid4()
    async with engine.begin() as c:
        await c.execute(insert(competitions).values(code="E0", name="Premier League"))
        await c.execute(insert(seasons).values(competition="E0", name="2024-2025"))
        await c.execute(insert(teams), [{"id": home, "name": "Arsenal"}, {"id": away, "name": "Chelsea"}])
        await c.execute(insert(raw_batches).values(id=BATCH, source="seed", locator="seed", fetched_at=T0,
                                                   sha256=hashlib.sha256(payload).hexdigest(),
                                                   size_bytes=len(payload), payload=payload))  # fmt: skip
        await c.execute(insert(fixtures), [
            {"id": uuid.UUID(fixture), "competition": "E0", "season": "2024-2025", "match_date": day,
             "home_team_id": a, "away_team_id": b, "kickoff_at": kickoff, "batch_id": BATCH}
            for fixture, day, a, b, kickoff in ((OPEN, KICKOFF.date(), home, away, KICKOFF),
                                                (PLAYED, date(2025, 2, 1), away, home, None))
        ])  # fmt: skip
        await c.execute(insert(results).values(fixture_id=uuid.UUID(PLAYED), home_goals=1, away_goals=0,
                                               batch_id=BATCH))  # fmt: skip
        await c.execute(insert(models), [{"name": name, "version": version, "stage": stage}
                                         for (name, version), stage in MODELS.items()])  # fmt: skip
        columns = ("market", "line", "selection", "bookmaker", "is_closing", "captured_at", "price")
        await c.execute(
            insert(odds_quotes),
            [{"fixture_id": uuid.UUID(q.fixture_id), "batch_id": BATCH, **{n: getattr(q, n) for n in columns}}
             for q in QUOTES],
        )  # fmt: skip


@pytest.fixture(params=["memory", "postgres"])
async def backend(request: pytest.FixtureRequest) -> AsyncIterator[Backend]:
    if request.param == "memory":
        store = InMemoryPredictionStore(models=dict(MODELS))
        store.fixtures = {OPEN: FixtureFacts("E0", KICKOFF), PLAYED: FixtureFacts("E0", None, finished=True)}
        yield Backend(store, InMemoryLatestPrices(list(QUOTES)))
        return
    engine = create_engine(request.getfixturevalue("fresh_database_url"), pooled=False)
    try:
        await _seed(engine)
        yield Backend(PostgresPredictionStore(engine), PostgresLatestPrices(engine))
    finally:
        await engine.dispose()


def rows(*selections: tuple[str, str, Decimal | None, str, float]) -> list[PredictionRow]:
    return [PredictionRow(*selection) for selection in selections]


async def test_the_latest_price_is_the_last_captured_and_the_closing_one_on_a_tie(backend: Backend) -> None:
    latest = {(p.market, p.selection, p.bookmaker): p for p in await backend.prices.latest([OPEN, "nope"])}
    assert latest[("totals", "over", "pinnacle")].price == Decimal("1.85")
    assert latest[("totals", "over", "bet365")].price == Decimal("1.83")
    assert latest[("totals", "over", "bet365")].is_closing
    assert latest[("totals", "over", "pinnacle")].line == LINE
    assert len(latest) == 3
    assert latest[("totals", "over", "pinnacle")].batch_id == str(BATCH)
    early = {(p.selection, p.bookmaker): p.price for p in await backend.prices.latest([OPEN], T0)}
    assert early == {("over", "pinnacle"): Decimal("1.90"), ("home", "pinnacle"): Decimal("2.10")}
    assert await backend.prices.latest([PLAYED, str(uuid.uuid4())]) == []


async def test_stored_predictions_replace_equal_ones_and_quotes_read_the_champion_s(backend: Backend) -> None:
    await backend.store.store_predictions("dixon-coles/E0", 1, rows((OPEN, "1x2", None, "home", 0.9)))
    await backend.store.store_predictions("poisson/E0", 1, rows((OPEN, "1x2", None, "home", 0.3)))
    written = await backend.store.store_predictions(
        "dixon-coles/E0", 2, rows((OPEN, "1x2", None, "home", 0.4), (OPEN, "totals", LINE, "over", 0.5))
    )
    again = await backend.store.store_predictions(
        "dixon-coles/E0", 2, rows((OPEN, "1x2", None, "home", 0.45))
    )
    await backend.store.store_predictions("dixon-coles/E0", 2, rows((PLAYED, "1x2", None, "away", 0.2)))
    assert (written, again) == (2, 1)
    found = await backend.store.champion_predictions([OPEN, PLAYED, "nope"])
    by_fixture = {(p.fixture_id, p.market, p.selection): p for p in found}
    home = by_fixture[(OPEN, "1x2", "home")]
    assert (home.model, home.version, home.probability) == ("dixon-coles/E0", 2, 0.45)  # the latest champion
    assert (home.competition, home.kickoff_at, home.finished) == ("E0", KICKOFF, False)
    assert by_fixture[(OPEN, "totals", "over")].line == LINE
    assert by_fixture[(PLAYED, "1x2", "away")].finished
    assert len(found) == 3


async def test_an_edge_is_stored_once_beside_its_prediction(backend: Backend) -> None:
    await backend.store.store_predictions("dixon-coles/E0", 2, rows((OPEN, "totals", LINE, "over", 0.6)))
    edge = EdgeRow("dixon-coles/E0", 2, OPEN, "totals", LINE, "over", "pinnacle", Decimal("1.85"),
                   T0 + timedelta(hours=5), 0.6, 0.11, None, 0.13)  # fmt: skip
    assert await backend.store.store_edges([edge]) == 1
    assert await backend.store.store_edges([edge]) == 0
    assert await backend.store.store_edges([edge, _replace_price(edge, "1.90")]) == 1


async def test_an_unknown_model_version_is_named(backend: Backend) -> None:
    with pytest.raises(NotFound, match="dixon-coles/E0 v9"):
        await backend.store.store_predictions("dixon-coles/E0", 9, rows((OPEN, "1x2", None, "home", 0.5)))


def _replace_price(edge: EdgeRow, price: str) -> EdgeRow:
    return replace(edge, price=Decimal(price))
