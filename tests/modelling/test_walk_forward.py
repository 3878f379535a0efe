from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

import pytest

from application.modelling.evaluation import MARKET_CLOSING, MARKET_EARLY, evaluate
from application.modelling.features.builder import build_features
from application.modelling.runs import priced_and_played
from application.modelling.walk_forward import WalkForwardPlan, dependency_order, walk_forward
from application.ports.prediction_model import FixtureInput, Forecast, Parameters, TrainingSet
from domain.errors import InvalidModelInput
from tests.modelling.catalogue import BuiltinCatalogue
from tests.modelling.synthetic_league import synthetic_league

if TYPE_CHECKING:
    from collections.abc import Sequence

LEAGUE = synthetic_league(seasons=4, teams=10, seed=5)
FEATURES = build_features(LEAGUE)
SEASONS = ("2017-2018", "2018-2019")


@dataclass
class SpyModel:
    """Forecasts 1/3 each and records what every fit was given."""

    name: str = "spy"
    refit_days: int = 14
    components: tuple[str, ...] = ()
    fits: list[TrainingSet] = field(default_factory=list)
    forecast_at: list[tuple[datetime, list[FixtureInput]]] = field(default_factory=list)

    @property
    def parameters(self) -> Parameters:
        return {}

    def fit(self, training: TrainingSet) -> SpyFit:
        self.fits.append(training)
        return SpyFit(self, training.as_of)

    def load(self, artefact: bytes) -> SpyFit:
        raise NotImplementedError


@dataclass
class SpyFit:
    model: SpyModel
    as_of: datetime
    name: str = "spy"

    def predict(self, fixtures: Sequence[FixtureInput]) -> list[Forecast]:
        self.model.forecast_at.append((self.as_of, list(fixtures)))
        return [Forecast(f.match.fixture_id, 1 / 3, 1 / 3, 1 / 3) for f in fixtures]

    def artefact(self) -> bytes:
        return b""


def test_every_fit_sees_only_results_known_before_the_fixtures_it_forecasts() -> None:
    spy = SpyModel()
    walk_forward(LEAGUE, FEATURES, {"spy": spy}, WalkForwardPlan(SEASONS))
    assert spy.fits
    for training in spy.fits:
        assert all(m.known_from <= training.as_of for m in training.matches)
    for as_of, fixtures in spy.forecast_at:
        assert all(f.match.cutoff >= as_of for f in fixtures)
    forecast = [f.match.fixture_id for _, fixtures in spy.forecast_at for f in fixtures]
    assert sorted(forecast) == sorted(m.fixture_id for m in LEAGUE if m.season in SEASONS)


def test_refits_follow_the_cadence_and_every_season_start() -> None:
    spy = SpyModel(refit_days=21)
    walk_forward(LEAGUE, FEATURES, {"spy": spy}, WalkForwardPlan(SEASONS))
    as_ofs = [t.as_of for t in spy.fits]
    gaps = [(later - earlier).days for earlier, later in itertools.pairwise(as_ofs)]
    season_starts = {min(m.cutoff for m in LEAGUE if m.season == s) for s in SEASONS}
    assert season_starts <= set(as_ofs)
    assert all(gap >= 21 or later in season_starts for gap, later in zip(gaps, as_ofs[1:], strict=True))
    assert len(spy.fits) < len(spy.forecast_at)  # blocks forecast by an earlier fit


def test_models_and_markets_are_scored_on_the_same_matches() -> None:
    catalogue = BuiltinCatalogue()
    models = {name: catalogue.create(name) for name in ("dixon-coles", "market")}
    run = walk_forward(LEAGUE, FEATURES, models, WalkForwardPlan(SEASONS, refit_days=28), priced_and_played)
    evaluation = evaluate(run, SEASONS, ["dixon-coles", "market"])
    counts = {row.model: row.n_matches for row in evaluation.rows}
    assert set(counts) == {"dixon-coles", "market", MARKET_EARLY, MARKET_CLOSING}
    assert len(set(counts.values())) == 1
    assert counts[MARKET_EARLY] == len(evaluation.fixture_ids) == 180
    rows = {row.model: row for row in evaluation.rows}
    assert rows["market"].rps == pytest.approx(rows[MARKET_EARLY].rps)
    assert rows[MARKET_CLOSING].rps < rows[MARKET_EARLY].rps  # less noise in the synthetic closing prices
    difference = rows["dixon-coles"].rps_vs_market_early
    assert difference == pytest.approx(rows["dixon-coles"].rps - rows[MARKET_EARLY].rps)
    assert rows["dixon-coles"].rps_vs_market_early_se is not None
    assert rows["dixon-coles"].rps_vs_market_early_se > 0
    assert [s.season for s in evaluation.by_season] == list(SEASONS)
    assert sum(s.rows[0].n_matches for s in evaluation.by_season) == rows[MARKET_EARLY].n_matches


def test_blend_stays_close_to_the_market_it_builds_on() -> None:
    catalogue = BuiltinCatalogue()
    names = ["blend", "dixon-coles", "lightgbm", "market"]
    models = {
        name: catalogue.create(name, {"min_matches": 100} if name == "blend" else None) for name in names
    }
    plan = WalkForwardPlan(("2018-2019",), ("2016-2017", "2017-2018"), refit_days=28)
    run = walk_forward(LEAGUE, FEATURES, models, plan, priced_and_played)
    rows = {row.model: row for row in evaluate(run, plan.seasons, names).rows}
    assert rows["blend"].n_matches == rows["market"].n_matches > 0
    assert rows["blend"].rps <= rows["market"].rps + 0.003
    assert run.fits["blend"] > 0
    assert not run.failures.get("blend")


def test_stacking_order_and_circles() -> None:
    catalogue = BuiltinCatalogue()
    models = {name: catalogue.create(name) for name in ("blend", "dixon-coles", "lightgbm", "market")}
    order = dependency_order(models)
    assert order.index("blend") > max(order.index(c) for c in ("dixon-coles", "lightgbm", "market"))
    with pytest.raises(InvalidModelInput, match="not among"):
        dependency_order({"blend": models["blend"]})
