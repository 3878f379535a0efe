from __future__ import annotations

import dataclasses
import math
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest

from application.modelling.features.builder import build_features
from application.ports.prediction_model import FixtureInput, Forecast, TrainingSet
from domain.errors import InvalidModelInput
from plugins.builtin.models.artefacts import artefact_hash
from plugins.builtin.models.dixon_coles import DixonColes, FittedDixonColes
from plugins.builtin.models.lightgbm_model import LightGbm
from plugins.builtin.models.market import Market
from plugins.builtin.models.negative_binomial import NegativeBinomial
from tests.modelling.synthetic_league import synthetic_league

if TYPE_CHECKING:
    from application.modelling.records import MatchRecord

LEAGUE = synthetic_league(seasons=4, teams=10, seed=11)
FEATURES = build_features(LEAGUE)
SPLIT = 270


def _training(matches: list[MatchRecord] = LEAGUE, split: int = SPLIT, seed: int = 0) -> TrainingSet:
    as_of = matches[split].cutoff
    return TrainingSet(
        matches=[m for m in matches if m.known_from <= as_of], as_of=as_of, features=FEATURES, seed=seed
    )


def _inputs(matches: list[MatchRecord]) -> list[FixtureInput]:
    return [FixtureInput(m, FEATURES.get(m.fixture_id)) for m in matches]


def _assert_valid(forecasts: list[Forecast]) -> None:
    for forecast in forecasts:
        assert all(math.isfinite(p) and 0.0 < p < 1.0 for p in forecast.probabilities)
        assert sum(forecast.probabilities) == pytest.approx(1.0)


def test_dixon_coles_recovers_the_generating_home_advantage_and_rho() -> None:
    fitted = DixonColes({"xi": 0.0}).fit(_training(split=len(LEAGUE) - 1))
    assert fitted.strengths.home == pytest.approx(0.3, abs=0.08)
    assert -0.2 < fitted.rho < 0.05


@pytest.mark.parametrize(
    "model",
    [
        DixonColes(),
        NegativeBinomial(),
        LightGbm({"max_rounds": 60, "threads": 1}),
        LightGbm({"max_rounds": 60, "threads": 1, "market_offset": True}),
        Market(),
    ],
)
def test_same_data_and_seed_give_the_same_artefact(
    model: DixonColes | NegativeBinomial | LightGbm | Market,
) -> None:
    first, second = model.fit(_training(seed=3)), model.fit(_training(seed=3))
    assert artefact_hash(first.artefact()) == artefact_hash(second.artefact())
    reloaded = model.load(first.artefact())
    upcoming = _inputs(LEAGUE[SPLIT : SPLIT + 10])
    assert [f.probabilities for f in reloaded.predict(upcoming)] == [
        f.probabilities for f in first.predict(upcoming)
    ]
    _assert_valid(first.predict(upcoming))


def test_other_data_give_another_artefact() -> None:
    model = DixonColes()
    assert model.fit(_training(split=SPLIT)).artefact() != model.fit(_training(split=SPLIT + 20)).artefact()


@pytest.mark.parametrize("model", [DixonColes(), NegativeBinomial()])
def test_an_unseen_team_gets_the_newcomer_fallback_not_nan(model: DixonColes | NegativeBinomial) -> None:
    fitted = model.fit(_training())
    stranger = dataclasses.replace(LEAGUE[SPLIT], home_team="Nowhere Rovers")
    [forecast] = fitted.predict([FixtureInput(stranger)])
    _assert_valid([forecast])
    assert forecast.fallback is not None
    assert "Nowhere Rovers" in forecast.fallback
    [usual] = fitted.predict([FixtureInput(LEAGUE[SPLIT])])
    assert usual.fallback is None


def test_newcomers_are_rated_like_the_weakest_sides() -> None:
    fitted = DixonColes().fit(_training())
    assert isinstance(fitted, FittedDixonColes)
    strengths = fitted.strengths
    weakest = min(strengths.attack, key=lambda t: strengths.attack[t] - strengths.defence[t])
    strongest = max(strengths.attack, key=lambda t: strengths.attack[t] - strengths.defence[t])
    newcomer_home = strengths.expected_goals("Newcomer", strongest)[0]
    assert newcomer_home <= strengths.expected_goals(strongest, weakest)[0]


def test_goal_models_need_enough_matches() -> None:
    with pytest.raises(InvalidModelInput, match="at least"):
        DixonColes().fit(_training(split=10))


def test_lightgbm_fills_missing_values_but_refuses_a_missing_row() -> None:
    fitted = LightGbm({"max_rounds": 60, "threads": 1}).fit(_training())
    match = LEAGUE[SPLIT]
    row = FEATURES[match.fixture_id]
    holes = dataclasses.replace(row, values=dict.fromkeys(row.values))
    _assert_valid(fitted.predict([FixtureInput(match, holes)]))
    with pytest.raises(InvalidModelInput, match="feature row"):
        fitted.predict([FixtureInput(match, None)])


def test_market_forecast_is_the_de_vigged_early_price_and_needs_one() -> None:
    fitted = Market().fit(_training())
    match = LEAGUE[SPLIT]
    [forecast] = fitted.predict([FixtureInput(match)])
    assert forecast.probabilities == pytest.approx(match.early_prices[0][1].fair_probabilities())
    with pytest.raises(InvalidModelInput, match="no early 1X2 prices"):
        fitted.predict([FixtureInput(dataclasses.replace(match, early_prices=()))])
    closing = Market({"prices": "closing"}).fit(_training())
    assert closing.predict([FixtureInput(match)])[0].probabilities == pytest.approx(
        match.closing_prices[0][1].fair_probabilities()
    )


def test_unknown_parameters_are_named() -> None:
    with pytest.raises(InvalidModelInput, match="'zeta'"):
        DixonColes({"zeta": 1.0})
    with pytest.raises(InvalidModelInput, match="'xi'"):
        DixonColes({"xi": "fast"})


def test_goal_models_give_a_goal_matrix_that_prices_the_1x2() -> None:
    fitted = DixonColes().fit(_training())
    [forecast] = fitted.predict(_inputs(LEAGUE[SPLIT : SPLIT + 1]))
    assert forecast.goal_matrix is not None
    assert forecast.expected_goals is not None
    home_wins = sum(p for h, a, p in forecast.goal_matrix.scores() if h > a)
    assert home_wins == pytest.approx(forecast.home)


def test_time_decay_weights_recent_matches_more() -> None:
    """Same team, a collapse in the last month: a strong decay sees it, no decay barely does."""
    training = _training(split=len(LEAGUE) - 1)
    team = LEAGUE[0].home_team
    last = training.as_of - timedelta(days=35)
    collapsed = [_collapse(m, team) if m.kickoff > last else m for m in training.matches]
    changed = dataclasses.replace(training, matches=collapsed)
    decayed = DixonColes({"xi": 0.02}).fit(changed).strengths.attack[team]
    flat = DixonColes({"xi": 0.0}).fit(changed).strengths.attack[team]
    before = DixonColes({"xi": 0.0}).fit(training).strengths.attack[team]
    assert before - decayed > before - flat > 0


def _collapse(match: MatchRecord, team: str) -> MatchRecord:
    if match.home_team == team:
        return dataclasses.replace(match, home_goals=0, away_goals=4)
    if match.away_team == team:
        return dataclasses.replace(match, home_goals=4, away_goals=0)
    return match


def test_lightgbm_with_a_market_offset_starts_from_the_market() -> None:
    barely = {"max_rounds": 2, "learning_rate": 1e-6, "threads": 1, "market_offset": True}
    fitted = LightGbm(barely).fit(_training())
    for forecast, match in zip(
        fitted.predict(_inputs(LEAGUE[SPLIT : SPLIT + 5])), LEAGUE[SPLIT:], strict=False
    ):
        early = match.early()
        assert early is not None
        assert forecast.probabilities == pytest.approx(early.fair_probabilities(), abs=1e-4)
