"""The pipeline's own use cases: the betting window, the house account, champions, pricing, features."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

from adapters.memory.feature_store import InMemoryFeatureStore
from application.errors import Conflict
from application.modelling.market_probabilities import ONE_X_TWO_ONLY
from application.pipeline.records import Competition
from application.ports.latest_prices import LatestPrice
from application.use_cases.ensure_house_account import EnsureHouseAccount, HouseAccountRequest
from application.use_cases.find_champions import FindChampions, FindChampionsRequest, LeagueChampion
from application.use_cases.list_leagues import ListLeagues
from application.use_cases.price_upcoming_fixtures import PriceUpcomingFixtures, PriceUpcomingRequest
from application.use_cases.promote_challenger import PromoteChallenger, PromoteRequest
from application.use_cases.refresh_features import RefreshFeatures, RefreshFeaturesRequest
from application.use_cases.train_model import TrainModel, TrainRequest
from application.use_cases.upcoming_fixtures import UpcomingWindow
from domain.access import Partner
from domain.customers import Customer
from domain.errors import DomainError
from plugins.manager import PluginHost
from tests.fakes.access import SteppingClock
from tests.fakes.container import InMemoryAdapters, memory_container, use_case
from tests.fakes.modelling import InMemoryMatchHistory, InMemoryModelRegistry
from tests.fakes.pipeline import InMemoryPipelineStore
from tests.fakes.predictions import InMemoryLatestPrices, InMemoryPredictionStore
from tests.modelling.synthetic_league import synthetic_league

if TYPE_CHECKING:
    from application.modelling.records import MatchRecord
    from bootstrap.container import Container

MODELS_ONLY = [("models", "plugins.builtin.models.plugin")]
LEAGUE = "SYN"


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


@pytest.fixture(scope="module")
def matches() -> list[MatchRecord]:
    return synthetic_league(seasons=2, teams=6, seed=3, league=LEAGUE)


def _eve_of_last_round(matches: list[MatchRecord]) -> datetime:
    last = max(match.kickoff for match in matches)
    return datetime.combine(last.date(), datetime.min.time(), UTC) - timedelta(hours=12)


async def _ingestion(*codes: str) -> InMemoryPipelineStore:
    store = InMemoryPipelineStore()
    async with store.unit_of_work() as uow:
        await uow.competitions.upsert_competitions([Competition(code, code) for code in codes])
        await uow.commit()
    return store


# the betting window


def test_the_window_holds_fixtures_after_as_of_up_to_the_horizon_in_kickoff_order(
    matches: list[MatchRecord],
) -> None:
    as_of = _eve_of_last_round(matches)
    window = UpcomingWindow(as_of, timedelta(days=2))

    found = window.fixtures(reversed(matches))

    assert found
    assert found == sorted(found, key=lambda m: (m.kickoff, m.fixture_id))
    assert all(_naive(as_of) < m.kickoff <= _naive(as_of) + timedelta(days=2) for m in found)
    expected = {
        m.fixture_id for m in matches if _naive(as_of) < m.kickoff <= _naive(as_of + timedelta(days=2))
    }
    assert {m.fixture_id for m in found} == expected


def test_the_window_refuses_a_time_without_zone_and_a_horizon_that_is_not_positive() -> None:
    with pytest.raises(DomainError, match="time zone"):
        UpcomingWindow(datetime(2024, 1, 1))  # noqa: DTZ001  the naive time refused
    with pytest.raises(DomainError, match="horizon"):
        UpcomingWindow(datetime(2024, 1, 1, tzinfo=UTC), timedelta(0))


# the house account


class House:
    def __init__(self) -> None:
        adapters = InMemoryAdapters()
        self.access, self.db = adapters.access, adapters.database
        self.use_case = use_case(memory_container(adapters), EnsureHouseAccount)


async def test_the_house_account_is_created_once_and_then_used_as_stored() -> None:
    house = House()

    first = await house.use_case.execute(HouseAccountRequest(jurisdiction="DE"))
    second = await house.use_case.execute(HouseAccountRequest(jurisdiction="GB", starting_balance=Decimal(5)))

    assert first.created == ("partner", "customer", "bankroll")
    assert second.created == ()
    assert second.jurisdiction == "DE", "the stored customer is never changed"
    customer = house.db.state.customers[first.customer_id]
    assert customer.identity_verified
    assert customer.partner_id == first.partner_id
    assert house.db.state.bankrolls[first.bankroll_id].starting_balance == Decimal("10000.00")


async def test_a_customer_id_of_another_partner_is_never_taken_over() -> None:
    house = House()
    await house.access.add_partner(Partner("other", "other", datetime(2024, 1, 1, tzinfo=UTC)))
    house.db.state.customers["house-customer"] = Customer("house-customer", "other", "GB", date(1990, 1, 1))

    with pytest.raises(Conflict, match="belongs to partner 'other'"):
        await house.use_case.execute(HouseAccountRequest())

    assert "house-bankroll" not in house.db.state.bankrolls


async def test_a_starting_balance_in_fractions_of_a_cent_is_refused_and_nothing_is_stored() -> None:
    house = House()

    with pytest.raises(DomainError):
        await house.use_case.execute(HouseAccountRequest(starting_balance=Decimal("100.001")))

    assert house.db.state.bankrolls == {}
    assert house.db.state.customers == {}


# champions, features and prices of the upcoming fixtures


class Models:
    def __init__(self, matches: list[MatchRecord]) -> None:
        self.history = InMemoryMatchHistory(matches)
        self.features = InMemoryFeatureStore()
        self.registry = InMemoryModelRegistry()
        self.catalogue = PluginHost(builtins=MODELS_ONLY, entry_point_group=None).model_catalogue()
        self.clock = SteppingClock(datetime(2030, 1, 1, tzinfo=UTC))

    def container(self, store: InMemoryPipelineStore | None = None, **objects: object) -> Container:
        """The container over these models (and the ingested leagues of `store`)."""
        ingestion = {"ingestion_unit_of_work": store.unit_of_work} if store else {}
        return memory_container(
            None, factories=ingestion, clock=self.clock, match_history=self.history,
            feature_store=self.features, model_registry=self.registry, model_catalogue=self.catalogue,
            **objects,
        )  # fmt: skip

    async def champion(self, model: str, as_of: datetime) -> None:
        container = self.container()
        await use_case(container, TrainModel).execute(TrainRequest(LEAGUE, model, as_of=as_of))
        promote = use_case(container, PromoteChallenger)
        await promote.execute(PromoteRequest(LEAGUE, model, seasons=1))


async def test_champions_are_found_per_league_with_fixtures_and_missing_ones_named(
    matches: list[MatchRecord],
) -> None:
    models = Models(matches)
    store = await _ingestion(LEAGUE, "EMPTY")
    window = UpcomingWindow(_eve_of_last_round(matches))
    find = use_case(models.container(store), FindChampions)

    before = await find.execute(FindChampionsRequest(window, "market"))
    await models.champion("market", window.as_of)
    after = await find.execute(FindChampionsRequest(window, "market"))
    later = await find.execute(
        FindChampionsRequest(UpcomingWindow(window.as_of + timedelta(days=30)), "market")
    )

    assert before.champions == ()
    assert before.without_champion == (LEAGUE,)
    assert after.champions == (LeagueChampion(LEAGUE, f"market/{LEAGUE}", 1),)
    assert after.without_champion == ()
    assert later.champions == (), "no fixture left to bet on"
    assert later.without_champion == (), "no fixture left to bet on"


async def test_upcoming_fixtures_are_priced_with_the_named_version_beside_every_bettable_price(
    matches: list[MatchRecord],
) -> None:
    models = Models(matches)
    window = UpcomingWindow(_eve_of_last_round(matches))
    await models.champion("market", window.as_of)
    upcoming = {m.fixture_id: m for m in window.fixtures(matches)}
    known, later = window.as_of - timedelta(days=1), window.as_of + timedelta(minutes=1)
    outcomes = ("home", "draw", "away")
    book = InMemoryLatestPrices([
        LatestPrice(m.fixture_id, "1x2", None, selection, bookmaker, Decimal(repr(getattr(early, selection))),
                    known, False, "b1")
        for m in upcoming.values() for bookmaker, early in m.early_prices for selection in outcomes
    ] + [
        LatestPrice(m.fixture_id, "1x2", None, "home", "bet365", Decimal("9.9"), later, False, "b2")
        for m in upcoming.values()  # captured after as_of: not known yet
    ] + [
        LatestPrice(m.fixture_id, "totals", Decimal(2), "over", "bet365", Decimal(2), known, False, "b1")
        for m in upcoming.values()  # a market the 1X2 model does not price
    ])  # fmt: skip
    store = InMemoryPredictionStore(models={(f"market/{LEAGUE}", 1): "champion"})
    price = use_case(models.container(latest_prices=book, prediction_store=store), PriceUpcomingFixtures)

    priced = await price.execute(PriceUpcomingRequest(window, LEAGUE, "market", 1))
    without_bet365 = await price.execute(
        PriceUpcomingRequest(window, LEAGUE, "market", 1, frozenset({"bet365"}))
    )

    assert {fixture.fixture_id for fixture in priced.fixtures} == set(upcoming)
    assert len(priced.selections) == 3 * len(upcoming)
    assert without_bet365.selections == ()
    for fixture in priced.fixtures:
        assert sum(fixture.probabilities) == pytest.approx(1.0)
        assert (fixture.markets, fixture.note) == (3, ONE_X_TWO_ONLY)  # a 1X2 model says so
    for row in priced.selections:
        early = dict(upcoming[row.fixture].early_prices)[row.bookmaker]
        assert float(row.odds.decimal) == getattr(early, row.selection)
        assert (row.market, row.competition) == ("1x2", LEAGUE)
        assert (row.model, row.model_version, row.captured_at) == (f"market/{LEAGUE}", 1, known)
    assert {key[2:] for key in store.predictions} == {
        (fixture, "1x2", None, selection) for fixture in upcoming for selection in ("home", "draw", "away")
    }


async def test_features_are_refreshed_for_every_stored_league_and_unchanged_rows_are_not_stored_again(
    matches: list[MatchRecord],
) -> None:
    models = Models(matches)
    store = await _ingestion(LEAGUE, "EMPTY")
    refresh = use_case(models.container(store), RefreshFeatures)

    first = await refresh.execute(RefreshFeaturesRequest())
    again = await refresh.execute(RefreshFeaturesRequest())

    assert first.leagues == (LEAGUE,)
    assert first.computed == len(matches) == first.stored
    assert again.computed == len(matches)
    assert again.stored == 0


async def test_leagues_are_listed_in_code_order() -> None:
    store = await _ingestion("E0", "D1", "SYN")

    listing = use_case(
        memory_container(factories={"ingestion_unit_of_work": store.unit_of_work}), ListLeagues
    )
    assert await listing.execute() == ("D1", "E0", "SYN")
