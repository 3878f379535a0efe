"""The contract of the ingestion unit of work: shared checks every implementation must pass.

Each check takes a unit of work over an EMPTY store and raises AssertionError when the contract is broken.
Run them over an implementation with:

    @pytest.mark.parametrize("check", PIPELINE_CONTRACT, ids=lambda check: check.__name__)
    async def test_my_unit_of_work(check: ContractCheck) -> None:
        await check(MyUnitOfWork(...fresh, empty store...))

tests/contract/test_pipeline_in_memory.py runs them on the fake; the PostgreSQL adapter runs them on a fresh
database.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from application.pipeline.records import (
    AvailabilityStatus,
    Competition,
    Fixture,
    Market,
    OddsQuote,
    PlayerAvailability,
    QuarantinedRow,
    RawBatch,
    Result,
    Season,
    Selection,
    Team,
    TeamAlias,
    WeatherReport,
    batch_id_for,
    fixture_id_for,
    normalise_name,
    team_id_for,
)
from application.ports.ingestion_unit_of_work import IngestionUnitOfWork

ContractCheck = Callable[[IngestionUnitOfWork], Awaitable[None]]
T0 = datetime(2024, 8, 16, 19, 0, tzinfo=UTC)


def raw_batch(
    content: bytes = b"Div,Date\n", locator: str = "E0/2024-2025.csv", at: datetime = T0
) -> RawBatch:
    sha = hashlib.sha256(content).hexdigest()
    return RawBatch(batch_id_for("test", sha), "test", locator, at, sha, content)


@dataclass(frozen=True)
class Seeded:
    batch: RawBatch
    home: Team
    away: Team
    fixture: Fixture


def fixture_between(home: Team, away: Team, batch: RawBatch, day: date = date(2024, 8, 16)) -> Fixture:
    kickoff = datetime.combine(day, T0.timetz())
    fixture_id = fixture_id_for("E0", day, home.team_id, away.team_id)
    return Fixture(fixture_id, "E0", "2024-2025", day, home.team_id, away.team_id, kickoff, batch.batch_id)


def team(name: str) -> Team:
    return Team(team_id_for(name), name)


async def seed(uow: IngestionUnitOfWork) -> Seeded:
    """One batch, one competition and season, two teams and a fixture between them (committed)."""
    batch, home, away = raw_batch(), team("Man United"), team("Fulham")
    fixture = fixture_between(home, away, batch)
    async with uow:
        await uow.raw_batches.add(batch)
        await uow.competitions.upsert_competitions([Competition("E0", "Premier League", "England")])
        await uow.competitions.add_seasons([Season("E0", "2024-2025")])
        await uow.teams.add_teams([home, away])
        await uow.fixtures.upsert_fixtures([fixture])
        await uow.commit()
    return Seeded(batch, home, away, fixture)


def quote(
    fixture: Fixture, selection: Selection = Selection.HOME, price: str = "1.80", **changes: Any
) -> OddsQuote:
    base = OddsQuote(fixture.fixture_id, Market.MATCH_RESULT, None, selection, "pinnacle", Decimal(price),
                     T0 - timedelta(days=1), False, fixture.batch_id)  # fmt: skip
    return base._replace(**changes)


async def raw_batch_is_stored_once_and_read_back(uow: IngestionUnitOfWork) -> None:
    first, second = raw_batch(b"a,b\n1,2\n"), raw_batch(b"a,b\n1,3\n", at=T0 + timedelta(hours=1))
    async with uow:
        assert await uow.raw_batches.add(second) is True
        assert await uow.raw_batches.add(first) is True
        assert await uow.raw_batches.add(first) is False
        await uow.commit()
    async with uow:
        assert await uow.raw_batches.get(first.batch_id) == first
        assert await uow.raw_batches.get(uuid.uuid4()) is None
        assert await uow.raw_batches.versions("test", first.locator) == [first, second]
        assert await uow.raw_batches.versions("test", "other.csv") == []


async def nothing_is_kept_without_commit(uow: IngestionUnitOfWork) -> None:
    batch = raw_batch()
    async with uow:
        await uow.raw_batches.add(batch)
        await uow.competitions.upsert_competitions([Competition("E0", "Premier League")])
    async with uow:
        assert await uow.raw_batches.get(batch.batch_id) is None
        assert await uow.competitions.competitions() == []


async def an_error_rolls_the_whole_unit_back(uow: IngestionUnitOfWork) -> None:
    batch = raw_batch()
    with pytest.raises(RuntimeError):  # noqa: PT012  raised inside the unit of work
        async with uow:
            await uow.raw_batches.add(batch)
            raise RuntimeError("parser failed halfway")
    async with uow:
        assert await uow.raw_batches.get(batch.batch_id) is None


async def explicit_rollback_discards_the_work_so_far(uow: IngestionUnitOfWork) -> None:
    batch = raw_batch()
    async with uow:
        await uow.raw_batches.add(batch)
        await uow.rollback()
        await uow.commit()
    async with uow:
        assert await uow.raw_batches.get(batch.batch_id) is None


async def competitions_and_seasons_count_what_changed(uow: IngestionUnitOfWork) -> None:
    async with uow:
        e0, d1 = Competition("E0", "Premier League", "England"), Competition("D1", "Bundesliga", "Germany")
        assert await uow.competitions.upsert_competitions([e0, d1]) == 2
        assert await uow.competitions.upsert_competitions([e0, d1]) == 0
        assert await uow.competitions.upsert_competitions([replace(e0, name="EPL")]) == 1
        assert await uow.competitions.add_seasons([Season("E0", "2024-2025"), Season("E0", "2023-2024")]) == 2
        assert await uow.competitions.add_seasons([Season("E0", "2024-2025"), Season("D1", "2024-2025")]) == 1
        await uow.commit()
    async with uow:
        assert await uow.competitions.competitions() == [d1, replace(e0, name="EPL")]
        assert [s.name for s in await uow.competitions.seasons("E0")] == ["2023-2024", "2024-2025"]


async def teams_and_aliases_are_only_added(uow: IngestionUnitOfWork) -> None:
    united, city = team("Man United"), team("Man City")
    async with uow:
        assert await uow.teams.add_teams([united, city]) == 2
        assert await uow.teams.add_teams([replace(united, name="Manchester United")]) == 0
        aliases = [TeamAlias(normalise_name("Manchester United"), united.team_id, "odds-api"),
                   TeamAlias(normalise_name("Man United"), united.team_id, "football-data")]  # fmt: skip
        assert await uow.teams.add_aliases(aliases) == 2
        assert await uow.teams.add_aliases([TeamAlias("man united", city.team_id, "other")]) == 0
        await uow.commit()
    async with uow:
        assert await uow.teams.teams() == [city, united]
        assert await uow.teams.aliases() == {
            "manchester united": united.team_id,
            "man united": united.team_id,
        }


async def an_alias_needs_its_team(uow: IngestionUnitOfWork) -> None:
    with pytest.raises(Exception):  # noqa: B017, PT011, PT012  each implementation raises its own integrity error, at commit
        async with uow:
            await uow.teams.add_aliases([TeamAlias("ghost", team_id_for("Ghost"), "test")])
            await uow.commit()
    async with uow:
        assert await uow.teams.aliases() == {}


async def fixtures_count_inserts_and_changes_only(uow: IngestionUnitOfWork) -> None:
    seeded = await seed(uow)
    later = raw_batch(b"v2", at=T0 + timedelta(days=1))
    other = fixture_between(seeded.away, seeded.home, seeded.batch, date(2025, 1, 4))
    async with uow:
        await uow.raw_batches.add(later)
        assert await uow.fixtures.upsert_fixtures([seeded.fixture, other]) == 1
        assert await uow.fixtures.upsert_fixtures([replace(seeded.fixture, batch_id=later.batch_id)]) == 0
        moved = replace(seeded.fixture, kickoff=T0 + timedelta(hours=1), batch_id=later.batch_id)
        assert await uow.fixtures.upsert_fixtures([moved]) == 1
        await uow.commit()
    async with uow:
        assert await uow.fixtures.fixtures([other.fixture_id, seeded.fixture.fixture_id, uuid.uuid4()]) == [
            moved,
            other,
        ]
        assert await uow.fixtures.count() == 2
        assert await uow.fixtures.existing({other.fixture_id, uuid.uuid4()}) == {other.fixture_id}


async def home_fixtures_are_filtered_by_team_and_dates(uow: IngestionUnitOfWork) -> None:
    seeded = await seed(uow)
    away_game = fixture_between(seeded.away, seeded.home, seeded.batch, date(2024, 9, 1))
    second_home = fixture_between(seeded.home, seeded.away, seeded.batch, date(2024, 10, 5))
    async with uow:
        await uow.fixtures.upsert_fixtures([away_game, second_home])
        await uow.commit()
    async with uow:
        home = seeded.home.team_id
        everything = await uow.fixtures.home_fixtures(home, date(2024, 8, 1), date(2024, 12, 31))
        assert everything == [seeded.fixture, second_home]
        assert await uow.fixtures.home_fixtures(home, date(2024, 8, 17), date(2024, 10, 5)) == [second_home]


async def a_fixture_needs_its_teams_and_season(uow: IngestionUnitOfWork) -> None:
    seeded = await seed(uow)
    stranger = team("Stranger FC")
    with pytest.raises(Exception):  # noqa: B017, PT011, PT012  each implementation's own error, at commit
        async with uow:
            await uow.fixtures.upsert_fixtures([fixture_between(seeded.home, stranger, seeded.batch)])
            await uow.commit()
    async with uow:
        assert await uow.fixtures.count() == 1


async def results_count_inserts_and_changes_only(uow: IngestionUnitOfWork) -> None:
    seeded = await seed(uow)
    result = Result(seeded.fixture.fixture_id, 1, 0, 0, 0, {"home_shots": 14.0, "away_shots": 9.0},
                    seeded.batch.batch_id)  # fmt: skip
    async with uow:
        assert await uow.fixtures.upsert_results([result]) == 1
        assert await uow.fixtures.upsert_results([result]) == 0
        corrected = replace(result, away_goals=1, statistics={"home_shots": 14.0})
        assert await uow.fixtures.upsert_results([corrected]) == 1
        await uow.commit()
    async with uow:
        assert await uow.fixtures.results([seeded.fixture.fixture_id]) == [corrected]


async def odds_quotes_count_inserts_and_price_changes(uow: IngestionUnitOfWork) -> None:
    seeded = await seed(uow)
    fixture = seeded.fixture
    early = [quote(fixture, Selection.HOME, "1.80"), quote(fixture, Selection.DRAW, "3.90"),
             quote(fixture, Selection.AWAY, "4.50")]  # fmt: skip
    closing = [q._replace(is_closing=True, captured_at=T0) for q in early]
    async with uow:
        assert await uow.odds.upsert(early + closing) == 6
        assert await uow.odds.upsert(early + closing) == 0
        assert await uow.odds.upsert([closing[0]._replace(price=Decimal("1.75"))]) == 1
        await uow.commit()
    async with uow:
        stored = await uow.odds.for_fixtures([fixture.fixture_id])
        assert len(stored) == 6
        assert await uow.odds.count() == 6
        assert {q.price for q in stored if q.is_closing} == {
            Decimal("1.75"),
            Decimal("3.90"),
            Decimal("4.50"),
        }


async def a_missing_line_is_an_identity_of_its_own(uow: IngestionUnitOfWork) -> None:
    seeded = await seed(uow)
    no_line = quote(seeded.fixture, market=Market.ASIAN_HANDICAP)
    level = no_line._replace(line=Decimal("0"))
    quarter = no_line._replace(line=Decimal("-0.25"), price=Decimal("2.02"))
    async with uow:
        assert await uow.odds.upsert([no_line, level, quarter]) == 3
        assert await uow.odds.upsert([no_line, level]) == 0
        await uow.commit()
    async with uow:
        assert await uow.odds.for_fixtures([seeded.fixture.fixture_id]) == [quarter, level, no_line]


async def odds_keep_their_exact_decimal_prices_and_times(uow: IngestionUnitOfWork) -> None:
    seeded = await seed(uow)
    precise = quote(seeded.fixture, price="13.125", line=None,
                    captured_at=datetime(2024, 8, 14, 11, 30, 15, tzinfo=UTC))  # fmt: skip
    async with uow:
        await uow.odds.upsert([precise])
        await uow.commit()
    async with uow:
        [stored] = await uow.odds.for_fixtures([seeded.fixture.fixture_id])
        assert stored.price == Decimal("13.125")
        assert stored.captured_at == precise.captured_at


async def quarantine_keeps_each_row_once(uow: IngestionUnitOfWork) -> None:
    seeded = await seed(uow)
    problems = ((7, "odds ≤ 1: B365H 0", "E0,..."), (3, "no home team", ",,"))
    batch = seeded.batch
    rows = [
        QuarantinedRow(batch.batch_id, "test", batch.locator, row, reason, text)
        for row, reason, text in problems
    ]
    async with uow:
        assert await uow.quarantine.add(rows) == 2
        assert await uow.quarantine.add(rows[:1]) == 0
        await uow.commit()
    async with uow:
        assert await uow.quarantine.for_batch(seeded.batch.batch_id) == [rows[1], rows[0]]
        assert await uow.quarantine.count() == 2


async def weather_and_availability_join_fixtures(uow: IngestionUnitOfWork) -> None:
    seeded = await seed(uow)
    fixture_id, batch_id = seeded.fixture.fixture_id, seeded.batch.batch_id
    report = WeatherReport(fixture_id, T0, 17.5, 0.0, 12.0, 71.0, batch_id)
    absent = PlayerAvailability(fixture_id, seeded.home.team_id, "A. Player", AvailabilityStatus.INJURED,
                                "hamstring", T0 - timedelta(days=2), batch_id)  # fmt: skip
    async with uow:
        assert await uow.weather.upsert([report]) == 1
        assert await uow.weather.upsert([report]) == 0
        assert await uow.weather.upsert([replace(report, temperature_c=None)]) == 1
        assert await uow.availability.upsert([absent]) == 1
        assert await uow.availability.upsert([absent]) == 0
        assert await uow.availability.upsert([replace(absent, status=AvailabilityStatus.AVAILABLE)]) == 1
        await uow.commit()
    async with uow:
        assert await uow.weather.for_fixtures([fixture_id]) == [replace(report, temperature_c=None)]
        stored = await uow.availability.for_fixtures([fixture_id])
        assert stored == [replace(absent, status=AvailabilityStatus.AVAILABLE)]


PIPELINE_CONTRACT: list[ContractCheck] = [
    raw_batch_is_stored_once_and_read_back,
    nothing_is_kept_without_commit,
    an_error_rolls_the_whole_unit_back,
    explicit_rollback_discards_the_work_so_far,
    competitions_and_seasons_count_what_changed,
    teams_and_aliases_are_only_added,
    an_alias_needs_its_team,
    fixtures_count_inserts_and_changes_only,
    home_fixtures_are_filtered_by_team_and_dates,
    a_fixture_needs_its_teams_and_season,
    results_count_inserts_and_changes_only,
    odds_quotes_count_inserts_and_price_changes,
    a_missing_line_is_an_identity_of_its_own,
    odds_keep_their_exact_decimal_prices_and_times,
    quarantine_keeps_each_row_once,
    weather_and_availability_join_fixtures,
]
