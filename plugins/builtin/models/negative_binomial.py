"""`negative-binomial`: the dixon-coles structure with negative-binomial goal counts (over-dispersion).

Fit: a Poisson GLM first; the dispersion alpha (variance = mu + alpha mu^2) is then estimated from its
residuals by the Cameron-Trivedi auxiliary regression, clipped to [MIN_DISPERSION, MAX_DISPERSION]
(goals in football are close to Poisson, so alpha often ends at the floor), and the GLM is refitted with
the statsmodels negative-binomial family at that alpha. Home and away goals are independent (no
low-score correction). Unseen teams: rated like the weakest sides, as in dixon-coles.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from domain.goal_distributions import negative_binomial_matrix
from plugins.builtin.models.artefacts import dump_artefact, load_artefact
from plugins.builtin.models.dixon_coles import DEFAULTS as DIXON_COLES_DEFAULTS
from plugins.builtin.models.goal_glm import (
    GoalData,
    TeamStrengths,
    fit_glm,
    goal_data,
    goal_model_forecast,
    match_means,
)
from plugins.builtin.models.settings import merged_parameters, positive

if TYPE_CHECKING:
    from collections.abc import Sequence

    from application.ports.prediction_model import FixtureInput, Forecast, Parameters, TrainingSet
    from domain.goal_matrix import GoalMatrix

NAME = "negative-binomial"
DEFAULTS: dict[str, Any] = dict(DIXON_COLES_DEFAULTS)
MIN_DISPERSION = 1e-4
MAX_DISPERSION = 2.0


class NegativeBinomial:
    name = NAME
    components: tuple[str, ...] = ()

    def __init__(self, parameters: Parameters | None = None) -> None:
        self._parameters = merged_parameters(NAME, DEFAULTS, parameters)
        positive(NAME, "xi", self._parameters["xi"], allow_zero=True)
        positive(NAME, "history_days", self._parameters["history_days"])
        positive(NAME, "prior_matches", self._parameters["prior_matches"], allow_zero=True)

    @property
    def parameters(self) -> Parameters:
        return dict(self._parameters)

    @property
    def refit_days(self) -> int:
        return int(self._parameters["refit_days"])

    def fit(self, training: TrainingSet) -> FittedNegativeBinomial:
        import statsmodels.api as sm

        xi, days, prior = (self._parameters[key] for key in ("xi", "history_days", "prior_matches"))
        data = goal_data(NAME, training.matches, training.as_of, xi, days)
        previous = training.previous
        start = (
            previous.strengths.as_params(data.teams) if isinstance(previous, FittedNegativeBinomial) else None
        )
        poisson = fit_glm(sm.families.Poisson(), data, prior, start)
        alpha = dispersion(data, poisson)
        family = sm.families.NegativeBinomial(alpha=alpha)
        strengths = fit_glm(family, data, prior, poisson.as_params(data.teams))
        return FittedNegativeBinomial(strengths, alpha, self._parameters)

    def load(self, artefact: bytes) -> FittedNegativeBinomial:
        state = load_artefact(NAME, artefact)
        strengths = TeamStrengths.from_state(state["strengths"])
        return FittedNegativeBinomial(strengths, state["dispersion"], state["parameters"])


def dispersion(data: GoalData, poisson: TeamStrengths) -> float:
    """Cameron & Trivedi (1990): regress ((y - mu)^2 - y) / mu on mu without intercept, weighted."""
    home_means, away_means = match_means(poisson, data)
    means = np.concatenate([home_means, away_means])
    goals = np.concatenate([data.home_goals, data.away_goals])
    weights = np.concatenate([data.weights, data.weights])
    response = ((goals - means) ** 2 - goals) / means
    alpha = float(np.sum(weights * response * means) / np.sum(weights * means * means))
    return min(max(alpha, MIN_DISPERSION), MAX_DISPERSION)


@dataclass(frozen=True, slots=True)
class FittedNegativeBinomial:
    strengths: TeamStrengths
    dispersion: float
    settings: dict[str, Any]

    name = NAME

    def predict(self, fixtures: Sequence[FixtureInput]) -> list[Forecast]:
        return [self._forecast(fixture) for fixture in fixtures]

    def _forecast(self, fixture: FixtureInput) -> Forecast:
        return goal_model_forecast(fixture, self.strengths, self._matrix)

    def _matrix(self, home_xg: float, away_xg: float) -> GoalMatrix:
        return negative_binomial_matrix(home_xg, away_xg, self.dispersion)

    def artefact(self) -> bytes:
        state = {
            "strengths": self.strengths.state(),
            "dispersion": self.dispersion,
            "parameters": self.settings,
        }
        return dump_artefact(NAME, state)
