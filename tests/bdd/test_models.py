"""Step definitions for features/bdd/models.feature: promotion rule, point-in-time features, fallbacks."""

from __future__ import annotations

import asyncio
import dataclasses
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from adapters.memory.feature_store import InMemoryFeatureStore
from application.modelling.features.builder import build_features
from application.modelling.features.row import FeatureRow
from application.modelling.records import MatchRecord, PriceTriple
from application.modelling.registry import PromotionDecision, Stage
from application.ports.prediction_model import FittedModel, FixtureInput, Forecast, TrainingSet
from application.use_cases.promote_challenger import PromoteChallenger, PromoteRequest
from application.use_cases.train_model import TrainModel, TrainRequest
from tests.fakes.container import memory_container, use_case
from tests.fakes.modelling import InMemoryMatchHistory, InMemoryModelRegistry
from tests.modelling.catalogue import BuiltinCatalogue
from tests.modelling.synthetic_league import synthetic_league

if TYPE_CHECKING:
    from bootstrap.container import Container

scenarios("models.feature")

NAME = "dixon-coles/SYN"


class Clock:
    def now(self) -> datetime:
        return datetime(2018, 7, 1, tzinfo=UTC)


@dataclass
class Desk:
    league: list[MatchRecord] = field(default_factory=list)
    registry: InMemoryModelRegistry = field(default_factory=InMemoryModelRegistry)
    catalogue: BuiltinCatalogue = field(default_factory=BuiltinCatalogue)
    decision: PromotionDecision | None = None
    fitted: FittedModel | None = None
    forecast: Forecast | None = None
    fixture: MatchRecord | None = None
    features: FeatureRow | None = None

    def container(self) -> Container:
        return memory_container(
            match_history=InMemoryMatchHistory(self.league),
            feature_store=InMemoryFeatureStore(),
            model_catalogue=self.catalogue,
            model_registry=self.registry,
            clock=Clock(),
        )

    def train(self, xi: float = 0.0019) -> None:
        training = use_case(self.container(), TrainModel)
        asyncio.run(training.execute(TrainRequest("SYN", "dixon-coles", {"xi": xi})))

    def promote(self, margin: float) -> PromotionDecision:
        promoting = use_case(self.container(), PromoteChallenger)
        return asyncio.run(promoting.execute(PromoteRequest("SYN", "dixon-coles", seasons=1, margin=margin)))


@pytest.fixture
def desk() -> Desk:
    return Desk()


@given("a league with three seasons of results, early prices and closing prices")
def league(desk: Desk) -> None:
    desk.league = synthetic_league(seasons=3, teams=10, seed=21)


@given("a dixon-coles challenger trained on the league")
def challenger(desk: Desk) -> None:
    desk.train()


@given(parsers.parse("a dixon-coles champion with time decay {xi:g}"))
def champion(desk: Desk, xi: float) -> None:
    desk.train(xi)
    assert desk.promote(margin=0.0005).promoted


@given(parsers.parse("a dixon-coles challenger with time decay {xi:g}"))
def challenger_with_decay(desk: Desk, xi: float) -> None:
    desk.train(xi)


@when(
    parsers.parse("the champion/challenger rule is applied over the last season with a margin of {margin:g}")
)
def apply_rule(desk: Desk, margin: float) -> None:
    desk.decision = desk.promote(margin)


@then("the challenger is promoted because there is no champion yet")
def promoted_first(desk: Desk) -> None:
    assert desk.decision is not None
    assert desk.decision.promoted
    assert desk.decision.reason == "no champion yet"
    assert desk.decision.champion_version is None


@then("the challenger is promoted")
def promoted(desk: Desk) -> None:
    assert desk.decision is not None
    assert desk.decision.promoted
    assert desk.decision.challenger_score is not None
    assert desk.decision.champion_score is not None
    assert desk.decision.challenger_score <= desk.decision.champion_score - desk.decision.margin


@then("the challenger is not promoted")
def not_promoted(desk: Desk) -> None:
    assert desk.decision is not None
    assert not desk.decision.promoted


@then(parsers.parse("{count:d} decision is recorded"))
@then(parsers.parse("{count:d} decisions are recorded, the last with both scores"))
def decisions_recorded(desk: Desk, count: int) -> None:
    decisions = asyncio.run(desk.registry.decisions(NAME))
    assert len(decisions) == count
    assert decisions[-1] == desk.decision
    if count > 1:
        assert decisions[-1].challenger_score is not None
        assert decisions[-1].champion_score is not None


@then(parsers.parse("the champion is still version {version:d}"))
def champion_unchanged(desk: Desk, version: int) -> None:
    champion = asyncio.run(desk.registry.champion(NAME))
    assert champion is not None
    assert champion.version == version


@then(parsers.parse("the champion is version {new:d} and version {old:d} is retired"))
def champion_replaced(desk: Desk, new: int, old: int) -> None:
    stages = {m.version: m.stage for m in asyncio.run(desk.registry.versions(NAME))}
    assert stages[new] is Stage.CHAMPION
    assert stages[old] is Stage.RETIRED


@when("the features of a fixture are built")
def build(desk: Desk) -> None:
    desk.fixture = desk.league[200]
    desk.features = build_features(desk.league)[desk.fixture.fixture_id]


@then("its market features are its de-vigged early prices")
def market_features(desk: Desk) -> None:
    assert desk.fixture is not None
    assert desk.features is not None
    early = desk.fixture.early()
    assert early is not None
    values = desk.features.values
    assert (values["market_home"], values["market_draw"], values["market_away"]) == pytest.approx(
        early.fair_probabilities()
    )


@then("changing its closing prices or its result changes none of its features")
def closing_not_used(desk: Desk) -> None:
    assert desk.fixture is not None
    changed = dataclasses.replace(
        desk.fixture,
        closing_prices=(("pinnacle", PriceTriple(1.01, 30.0, 50.0)),),
        home_goals=9,
        away_goals=0,
    )
    league = [changed if m.fixture_id == changed.fixture_id else m for m in desk.league]
    assert build_features(league)[changed.fixture_id] == desk.features


@given("a dixon-coles model trained on the league")
def trained(desk: Desk) -> None:
    as_of = desk.league[-1].known_from
    desk.fitted = desk.catalogue.create("dixon-coles").fit(TrainingSet(desk.league, as_of))


@when("it forecasts a match of a team it has never seen")
def forecast_stranger(desk: Desk) -> None:
    assert desk.fitted is not None
    stranger = dataclasses.replace(desk.league[-1], away_team="Nowhere Rovers")
    [desk.forecast] = desk.fitted.predict([FixtureInput(stranger)])


@then("the three probabilities are finite and sum to 1")
def finite(desk: Desk) -> None:
    assert desk.forecast is not None
    assert all(math.isfinite(p) and 0.0 < p < 1.0 for p in desk.forecast.probabilities)
    assert sum(desk.forecast.probabilities) == pytest.approx(1.0)


@then("the forecast names the unseen team as rated like a newcomer")
def names_fallback(desk: Desk) -> None:
    assert desk.forecast is not None
    assert desk.forecast.fallback is not None
    assert "Nowhere Rovers" in desk.forecast.fallback
    assert "newcomer" in desk.forecast.fallback


@given("a blend with no out-of-sample forecasts of its components")
def blend(desk: Desk) -> None:
    as_of = desk.league[-1].known_from
    features = build_features(desk.league)
    desk.fitted = desk.catalogue.create("blend").fit(TrainingSet(desk.league, as_of, features))
    desk.features = features[desk.league[-1].fixture_id]


@when("it forecasts a fixture")
def forecast_fixture(desk: Desk) -> None:
    assert desk.fitted is not None
    desk.fixture = desk.league[-1]
    [desk.forecast] = desk.fitted.predict([FixtureInput(desk.fixture, desk.features)])


@then("the forecast equals the de-vigged early prices")
def equals_prior(desk: Desk) -> None:
    assert desk.forecast is not None
    assert desk.fixture is not None
    early = desk.fixture.early()
    assert early is not None
    assert desk.forecast.probabilities == pytest.approx(early.fair_probabilities())


@then("the forecast says it kept the prior only")
def says_prior(desk: Desk) -> None:
    assert desk.forecast is not None
    assert desk.forecast.fallback is not None
    assert desk.forecast.fallback.startswith("prior only")
