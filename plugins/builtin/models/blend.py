"""`blend`: out-of-sample logistic stacking of goal model, LightGBM and the market prior.

The blend starts from the prior (the de-vigged early prices) and moves away from it only as far as
the components' out-of-sample record justifies (a log-linear pool):

    logit_k = log p_prior,k + sum_j w_j (log p_j,k - log p_prior,k) + b_k      (b_away = 0)

w and b minimise the log-loss of the components' out-of-sample forecasts (each made before its match
was played) plus ridge * (|w|^2 + |b|^2), which pulls the blend towards the prior. Calibration must not
spoil the prices it starts from, so the blend falls back to the prior itself (w = b = 0) when it has
fewer than `min_matches` out-of-sample forecasts, or when weights fitted on the older part of them do
not beat the prior's RPS on the latest `holdout_share`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from application.ports.prediction_model import (
    FittedModel,
    FixtureInput,
    Forecast,
    Parameters,
    TrainingSet,
)
from domain.errors import InvalidModelInput
from plugins.builtin.models.artefacts import dump_artefact, load_artefact
from plugins.builtin.models.settings import merged_parameters, positive

if TYPE_CHECKING:
    from application.ports.model_catalogue import ModelCatalogue
    from plugins.builtin.models.goal_glm import FloatArray

NAME = "blend"
DEFAULTS: dict[str, Any] = {
    "components": ["dixon-coles", "lightgbm"],
    "prior": "market",
    "ridge": 0.002,
    "min_matches": 300,
    "holdout_share": 0.33,
    "stack_window": 1900,  # the most recent out-of-sample forecasts used (about five seasons)
    "refit_days": 7,
}
FLOOR = 1e-9


class Blend:
    name = NAME

    def __init__(self, catalogue: ModelCatalogue, parameters: Parameters | None = None) -> None:
        self._catalogue = catalogue
        self._parameters = merged_parameters(NAME, DEFAULTS, parameters)
        positive(NAME, "ridge", self._parameters["ridge"], allow_zero=True)
        if NAME in self.components:
            raise InvalidModelInput("blend cannot stack itself")

    @property
    def parameters(self) -> Parameters:
        return dict(self._parameters)

    @property
    def components(self) -> tuple[str, ...]:
        return (*self._parameters["components"], self._parameters["prior"])

    @property
    def refit_days(self) -> int:
        return int(self._parameters["refit_days"])

    def fit(self, training: TrainingSet) -> FittedBlend:
        fits = {name: self._component_fit(name, training) for name in self.components}
        weights, note = self._weights(training)
        return FittedBlend(fits, self._parameters["components"], self._parameters["prior"], weights, note)

    def load(self, artefact: bytes) -> FittedBlend:
        state = load_artefact(NAME, artefact)
        fits = {
            name: self._catalogue.create(name, part["parameters"]).load(part["artefact"].encode("utf-8"))
            for name, part in state["fits"].items()
        }
        return FittedBlend(fits, state["components"], state["prior"], state["weights"], state["note"])

    def _component_fit(self, name: str, training: TrainingSet) -> FittedModel:
        if name in training.component_fits:
            return training.component_fits[name]
        return self._catalogue.create(name).fit(training)

    def _weights(self, training: TrainingSet) -> tuple[list[float], str | None]:
        columns = self.components
        fixture_ids = _stackable(training, columns)[-self._parameters["stack_window"] :]
        size = len(self._parameters["components"]) + 2
        if len(fixture_ids) < self._parameters["min_matches"]:
            return [0.0] * size, f"prior only: {len(fixture_ids)} out-of-sample forecasts to stack"
        logs = _log_probabilities(training.component_forecasts, columns, fixture_ids)
        by_id = {m.fixture_id: m for m in training.matches}
        labels = np.array([int(by_id[fixture_id].outcome) for fixture_id in fixture_ids])
        cut = int(len(fixture_ids) * (1.0 - self._parameters["holdout_share"]))
        trial = _fit_pool(logs[:cut], labels[:cut], self._parameters["ridge"])
        if _rps(_pool(logs[cut:], trial), labels[cut:]) >= _rps(
            _pool(logs[cut:], [0.0] * size), labels[cut:]
        ):
            return [0.0] * size, "prior only: stacking did not beat the prior on the holdout"
        return _fit_pool(logs, labels, self._parameters["ridge"]), None


def _stackable(training: TrainingSet, columns: Sequence[str]) -> list[str]:
    """Played matches known at as_of, oldest first, that every component forecast out of sample."""
    known = {m.fixture_id: m for m in training.matches if m.played and m.known_from <= training.as_of}
    forecasts = training.component_forecasts
    prior = forecasts.get(columns[-1], {})
    ids = [i for i in prior if i in known and all(i in forecasts.get(column, {}) for column in columns)]
    return sorted(ids, key=lambda i: (known[i].kickoff, i))


def _log_probabilities(
    forecasts: Mapping[str, Mapping[str, Forecast]], columns: Sequence[str], fixture_ids: Sequence[str]
) -> FloatArray:
    """Array [match, column, outcome] of log-probabilities; the prior is the last column."""
    values = [
        [forecasts[column][fixture_id].probabilities for column in columns] for fixture_id in fixture_ids
    ]
    return np.log(np.maximum(np.array(values, dtype=np.float64), FLOOR))


def _pool(logs: FloatArray, weights: Sequence[float]) -> FloatArray:
    count = logs.shape[1] - 1
    prior = logs[:, -1, :]
    logits = prior + np.einsum("j,njk->nk", np.asarray(weights[:count]), logs[:, :-1, :] - prior[:, None, :])
    logits = logits + np.array([weights[count], weights[count + 1], 0.0])
    logits -= logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    result: FloatArray = exp / exp.sum(axis=1, keepdims=True)
    return result


def _fit_pool(logs: FloatArray, labels: Any, ridge: float) -> list[float]:
    from scipy.optimize import minimize

    rows = np.arange(len(labels))

    def objective(weights: FloatArray) -> float:
        probabilities = _pool(logs, weights.tolist())
        return float(-np.mean(np.log(probabilities[rows, labels])) + ridge * np.sum(weights**2))

    start = np.zeros(logs.shape[1] + 1)
    result = minimize(objective, start, method="L-BFGS-B", options={"maxiter": 200})
    return [float(value) for value in result.x]


def _rps(probabilities: FloatArray, labels: Any) -> float:
    cumulative = np.cumsum(probabilities, axis=1)[:, :2]
    observed = np.stack([labels <= 0, labels <= 1], axis=1).astype(np.float64)
    return float(np.mean(np.sum((cumulative - observed) ** 2, axis=1) / 2.0))


@dataclass(frozen=True, slots=True)
class FittedBlend:
    fits: Mapping[str, FittedModel]
    components: Sequence[str]
    prior: str
    weights: Sequence[float]
    note: str | None

    name = NAME

    def predict(self, fixtures: Sequence[FixtureInput]) -> list[Forecast]:
        columns = (*self.components, self.prior)
        forecasts = {name: {f.fixture_id: f for f in self.fits[name].predict(fixtures)} for name in columns}
        ids = [fixture.match.fixture_id for fixture in fixtures]
        if not ids:
            return []
        pooled = _pool(_log_probabilities(forecasts, columns, ids), self.weights)
        return [
            Forecast.normalised(fixture_id, row.tolist(), self.note)
            for fixture_id, row in zip(ids, pooled, strict=True)
        ]

    def artefact(self) -> bytes:
        fits = {
            name: {"parameters": _parameters_of(fit), "artefact": fit.artefact().decode("utf-8")}
            for name, fit in sorted(self.fits.items())
        }
        state = {
            "fits": fits,
            "components": list(self.components),
            "prior": self.prior,
            "weights": list(self.weights),
            "note": self.note,
        }
        return dump_artefact(NAME, state)


def _parameters_of(fit: FittedModel) -> Any:
    """The parameters recorded in a component's artefact (every built-in model stores them)."""
    state = json.loads(fit.artefact())["state"]
    return state.get("parameters", {})
