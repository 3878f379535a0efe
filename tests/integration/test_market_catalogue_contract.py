"""The market-catalogue port's contract, on the in-memory fake and on PostgreSQL alike: fixture states, the
latest price of a selection (by a moment, the closing quote first on a tie), who prices it, the closing
quotes of a market."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest_asyncio

from adapters.persistence.betting import PostgresBettingUnitOfWork
from adapters.persistence.engine import create_engine
from domain.markets import FixtureStatus, MarketSelection, Score
from tests.catalogue_builders import BATCH, SeedFixture, fixture_id, quote, seed_memory, seed_postgres
from tests.fakes.betting import InMemoryDatabase, InMemoryUnitOfWork

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable

    import pytest

    from application.ports.betting_unit_of_work import BettingUnitOfWork

KICKOFF = datetime(2025, 5, 10, 16, tzinfo=UTC)
T = KICKOFF - timedelta(days=2)
FIXTURES = [
    SeedFixture("A", KICKOFF, score=(2, 1)),
    SeedFixture("B", KICKOFF, competition="E1", status=FixtureStatus.POSTPONED),
]
QUOTES = [
    quote("A", "1x2", "home", "2.20", captured_at=T),
    quote("A", "1x2", "home", "2.10", captured_at=T + timedelta(days=1)),
    quote("A", "1x2", "home", "2.00", captured_at=KICKOFF),
    quote("A", "1x2", "home", "1.95", captured_at=KICKOFF, closing=True),
    quote("A", "1x2", "draw", "3.40", captured_at=KICKOFF, closing=True),
    quote("A", "1x2", "home", "2.30", bookmaker="bet365", captured_at=T),
    quote("A", "totals", "over", "1.90", line="2.5", captured_at=T),
    quote("A", "totals", "over", "2.60", line="3.5", captured_at=T),
    quote("A", "asian_handicap", "away", "1.95", line="0.25", captured_at=T),
]
HOME = MarketSelection("1x2", "home")
LATER = KICKOFF + timedelta(days=1)


@pytest_asyncio.fixture(params=["memory", "postgres"], loop_scope="function")
async def uow(request: pytest.FixtureRequest) -> AsyncIterator[Callable[[], BettingUnitOfWork]]:
    if request.param == "memory":
        database = InMemoryDatabase()
        seed_memory(database, FIXTURES, QUOTES)
        yield lambda: InMemoryUnitOfWork(database)
        return
    engine = create_engine(request.getfixturevalue("fresh_database_url"))
    try:
        await seed_postgres(engine, FIXTURES, QUOTES)
        yield lambda: PostgresBettingUnitOfWork(engine)
    finally:
        await engine.dispose()


async def test_fixture_states_as_stored(uow: Callable[[], BettingUnitOfWork]) -> None:
    async with uow() as work:
        a, b = await work.catalogue.fixture(fixture_id("A")), await work.catalogue.fixture(fixture_id("B"))
        assert await work.catalogue.fixture(fixture_id("nothing")) is None
        assert await work.catalogue.fixture("not-a-uuid") is None
    assert a is not None
    assert (a.competition, a.kickoff_at, a.score, a.stored_status) == (
        "E0",
        KICKOFF,
        Score(2, 1),
        None,
    )
    assert b is not None
    assert (b.competition, b.score, b.stored_status) == (
        "E1",
        None,
        FixtureStatus.POSTPONED,
    )


async def test_the_latest_price_by_a_moment_and_the_closing_one_on_a_tie(
    uow: Callable[[], BettingUnitOfWork],
) -> None:
    a = fixture_id("A")
    async with uow() as work:
        price = work.catalogue.price
        now = await price(a, HOME, "pinnacle", LATER)
        eve = await price(a, HOME, "pinnacle", T + timedelta(days=1, hours=1))
        first = await price(a, HOME, "pinnacle", T)
        before = await price(a, HOME, "pinnacle", T - timedelta(seconds=1))
        other = await price(a, HOME, "bet365", LATER)
        line = await price(a, MarketSelection("totals", "over", Decimal("2.5")), "pinnacle", LATER)
        handicap = await price(
            a, MarketSelection("asian_handicap", "away", Decimal("0.25")), "pinnacle", LATER
        )
        missing = await price(a, MarketSelection("totals", "over", Decimal("4.5")), "pinnacle", LATER)
    assert now is not None
    assert (now.price, now.is_closing, now.captured_at) == (
        Decimal("1.95"),
        True,
        KICKOFF,
    )
    assert now.batch_id == str(BATCH)
    assert now.fixture_id == a
    assert now.selection == HOME
    assert eve is not None
    assert eve.price == Decimal("2.10")
    assert first is not None
    assert first.price == Decimal("2.20")
    assert before is None
    assert other is not None
    assert other.price == Decimal("2.30")
    assert line is not None
    assert line.price == Decimal("1.90")
    assert line.selection.line == Decimal("2.5")
    assert handicap is not None
    assert handicap.price == Decimal("1.95")
    assert missing is None


async def test_who_prices_a_selection_and_the_closing_quotes(uow: Callable[[], BettingUnitOfWork]) -> None:
    a = fixture_id("A")
    async with uow() as work:
        assert await work.catalogue.bookmakers(a, HOME) == ("bet365", "pinnacle")
        assert await work.catalogue.bookmakers(a, MarketSelection("btts", "yes")) == ()
        closing = await work.catalogue.closing(a, "1x2")
        assert await work.catalogue.closing(a, "totals") == []
    found = sorted((c.selection.selection, c.price) for c in closing)
    assert found == [("draw", Decimal("3.40")), ("home", Decimal("1.95"))]
