"""`lightgbm`: gradient-boosted trees, multi-class home/draw/away, on the point-in-time feature rows.

Training rows are the matches known at as_of that have a feature row. The number of boosting rounds is
chosen by early stopping on the latest `validation_share` of those rows (a time split, never a shuffle),
then the booster is refitted on all of them with that many rounds.
Missing values (a feature a source does not have, such as xG or kickoff time) are left to LightGBM's
own missing-value handling: that is the documented fallback. A fixture without a feature row at all is a
clear error. Deterministic: fixed seed, deterministic=True, row-wise histograms, a fixed thread count.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from application.modelling.features.builder import FEATURE_NAMES, FEATURE_SET
from application.ports.prediction_model import FixtureInput, Forecast, Parameters, TrainingSet
from domain.errors import InvalidModelInput
from plugins.builtin.models.artefacts import dump_artefact, load_artefact
from plugins.builtin.models.settings import merged_parameters, positive

if TYPE_CHECKING:
    from collections.abc import Sequence

    from application.modelling.features.row import FeatureRow
    from application.modelling.records import MatchRecord
    from plugins.builtin.models.goal_glm import FloatArray

NAME = "lightgbm"
DEFAULTS: dict[str, Any] = {
    "feature_set": FEATURE_SET,
    "exclude": [],  # feature names to leave out (e.g. the market's, to see what the rest is worth)
    "learning_rate": 0.02,
    "num_leaves": 7,
    "min_data_in_leaf": 100,
    "feature_fraction": 0.7,
    "bagging_fraction": 0.8,
    "lambda_l2": 10.0,
    "max_rounds": 1500,
    "early_stopping_rounds": 100,
    "validation_share": 0.2,
    "history_days": 5500,
    "xi": 0.0,  # optional time decay of the training rows' weights, per day
    # boost from the de-vigged early prices (LightGBM's init_score) instead of from nothing, so the trees
    # learn corrections to the market; rows without prices start from the training outcome frequencies
    "market_offset": True,
    "threads": 1,  # more threads were slower here (small data, and spin-waiting on a busy machine)
    "min_rows": 200,  # fewer training rows than this: the fit is refused
    "refit_days": 91,  # walk-forward: refit about every quarter season
}


class LightGbm:
    name = NAME
    components: tuple[str, ...] = ()

    def __init__(self, parameters: Parameters | None = None) -> None:
        self._parameters = merged_parameters(NAME, DEFAULTS, parameters)
        for key in ("learning_rate", "max_rounds", "history_days", "threads", "num_leaves"):
            positive(NAME, key, self._parameters[key])
        if not 0.0 < self._parameters["validation_share"] < 0.5:
            raise InvalidModelInput("lightgbm parameter 'validation_share' must lie in (0, 0.5)")

    @property
    def parameters(self) -> Parameters:
        return dict(self._parameters)

    @property
    def refit_days(self) -> int:
        return int(self._parameters["refit_days"])

    def fit(self, training: TrainingSet) -> FittedLightGbm:
        import lightgbm as lgb

        matches = self._training_matches(training)
        names = self._feature_names(training.features, matches)
        rows = np.array([_vector(training.features[m.fixture_id], names) for m in matches])
        labels = np.array([int(m.outcome) for m in matches])
        ages = np.array([(training.as_of - m.kickoff).total_seconds() / 86400.0 for m in matches])
        weights = np.exp(-self._parameters["xi"] * ages)
        params = self._booster_params(training.seed)
        base = [float(np.mean(labels == outcome)) for outcome in range(3)]
        offsets = _offsets(rows, names, base) if self._parameters["market_offset"] else None

        def dataset(part: slice) -> Any:
            start = None if offsets is None else offsets[part]
            return lgb.Dataset(
                rows[part], labels[part], weight=weights[part], feature_name=names, init_score=start
            )

        cut = int(len(matches) * (1.0 - self._parameters["validation_share"]))
        early = lgb.train(
            params,
            dataset(slice(0, cut)),
            num_boost_round=self._parameters["max_rounds"],
            valid_sets=[dataset(slice(cut, None))],
            callbacks=[lgb.early_stopping(self._parameters["early_stopping_rounds"], verbose=False)],
        )
        rounds = max(early.best_iteration, 1)
        booster = lgb.train(params, dataset(slice(0, None)), num_boost_round=rounds)
        return FittedLightGbm(booster.model_to_string(), tuple(names), self._parameters, rounds, base)

    def load(self, artefact: bytes) -> FittedLightGbm:
        state = load_artefact(NAME, artefact)
        return FittedLightGbm(
            state["booster"],
            tuple(state["features"]),
            state["parameters"],
            state["rounds"],
            state["base_rates"],
        )

    def _training_matches(self, training: TrainingSet) -> list[MatchRecord]:
        horizon = self._parameters["history_days"] * 86400.0
        matches = [
            m
            for m in training.matches
            if m.played
            and m.known_from <= training.as_of
            and (training.as_of - m.kickoff).total_seconds() <= horizon
            and m.fixture_id in training.features
        ]
        needed = self._parameters["min_rows"]
        if len(matches) < needed:
            raise InvalidModelInput(
                f"lightgbm needs at least {needed} played matches with feature rows before "
                f"{training.as_of:%Y-%m-%d}, found {len(matches)}"
            )
        return sorted(matches, key=lambda m: (m.kickoff, m.fixture_id))

    def _feature_names(self, features: Any, matches: list[MatchRecord]) -> list[str]:
        excluded = set(self._parameters["exclude"])
        extras = sorted(
            {name for m in matches for name in features[m.fixture_id].values} - set(FEATURE_NAMES)
        )
        return [name for name in (*FEATURE_NAMES, *extras) if name not in excluded]

    def _booster_params(self, seed: int) -> dict[str, Any]:
        p = self._parameters
        return {
            "objective": "multiclass",
            "num_class": 3,
            "learning_rate": p["learning_rate"],
            "num_leaves": p["num_leaves"],
            "min_data_in_leaf": p["min_data_in_leaf"],
            "feature_fraction": p["feature_fraction"],
            "bagging_fraction": p["bagging_fraction"],
            "bagging_freq": 1,
            "lambda_l2": p["lambda_l2"],
            "seed": seed,
            "deterministic": True,
            "force_row_wise": True,
            "num_threads": p["threads"],
            "verbosity": -1,
        }


MARKET_COLUMNS = ("market_home", "market_draw", "market_away")


def _offsets(rows: FloatArray, names: Sequence[str], base: Sequence[float]) -> FloatArray:
    """Log-probabilities to boost from: the row's market probabilities, else the base rates."""
    floor = 1e-6
    fallback = np.log(np.maximum(np.asarray(base, dtype=np.float64), floor))
    if not all(column in names for column in MARKET_COLUMNS):
        return np.tile(fallback, (len(rows), 1))
    market = rows[:, [list(names).index(column) for column in MARKET_COLUMNS]]
    priced = np.all(np.isfinite(market), axis=1)
    logs = np.where(priced[:, None], np.log(np.maximum(np.nan_to_num(market, nan=1.0), floor)), fallback)
    result: FloatArray = logs
    return result


def _vector(row: FeatureRow, names: Sequence[str]) -> list[float]:
    values = [row.values.get(name) for name in names]
    return [math.nan if value is None else float(value) for value in values]


@dataclass(slots=True)
class FittedLightGbm:
    booster_text: str
    features: tuple[str, ...]
    settings: dict[str, Any]
    rounds: int
    base_rates: list[float]
    _booster: Any = field(default=None, repr=False)

    name = NAME

    def predict(self, fixtures: Sequence[FixtureInput]) -> list[Forecast]:
        if not fixtures:
            return []
        rows = np.array([_vector(self._row(fixture), self.features) for fixture in fixtures])
        probabilities = self._probabilities(rows)
        return [
            Forecast.normalised(fixture.match.fixture_id, row.tolist())
            for fixture, row in zip(fixtures, probabilities, strict=True)
        ]

    def _probabilities(self, rows: FloatArray) -> FloatArray:
        if not self.settings.get("market_offset"):
            plain: FloatArray = np.asarray(self.booster().predict(rows), dtype=np.float64)
            return plain
        raw = np.asarray(self.booster().predict(rows, raw_score=True), dtype=np.float64)
        logits = raw + _offsets(rows, self.features, self.base_rates)
        exp = np.exp(logits - logits.max(axis=1, keepdims=True))
        result: FloatArray = exp / exp.sum(axis=1, keepdims=True)
        return result

    def booster(self) -> Any:
        if self._booster is None:
            import lightgbm as lgb

            self._booster = lgb.Booster(model_str=self.booster_text)
        return self._booster

    def _row(self, fixture: FixtureInput) -> FeatureRow:
        expected = self.settings["feature_set"]
        if fixture.features is None or fixture.features.feature_set != expected:
            raise InvalidModelInput(
                f"fixture {fixture.match.fixture_id} has no {expected!r} feature row: lightgbm forecasts "
                "from features (build them first)"
            )
        return fixture.features

    def artefact(self) -> bytes:
        state = {
            "booster": self.booster_text,
            "features": list(self.features),
            "parameters": self.settings,
            "rounds": self.rounds,
            "base_rates": self.base_rates,
        }
        return dump_artefact(NAME, state)
