"""`dixon-coles`: Poisson attack/defence/home GLM with time decay, plus the low-score correction rho.

Fit: the Poisson GLM of goal_glm (statsmodels, time-decay weights exp(-xi * days)); then rho maximises
the weighted Dixon-Coles likelihood with the GLM's means held fixed (a one-step profile likelihood).
Forecast: the domain's Dixon-Coles goal matrix from the two expected goals and rho, read as 1X2.
A team the fit never saw is rated like the weakest sides (a documented fallback, named in the forecast).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from domain.goal_matrix import GoalMatrix, dixon_coles_matrix
from plugins.builtin.models.artefacts import dump_artefact, load_artefact
from plugins.builtin.models.goal_glm import (
    FloatArray,
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

NAME = "dixon-coles"
DEFAULTS: dict[str, Any] = {
    "xi": 0.0019,  # time decay per day: weights halve in about a year
    "history_days": 1460,  # matches older than four years weigh below 6 % and are left out
    "prior_matches": 1.0,  # pseudo-matches pulling a team with little data towards average
    "refit_days": 7,  # walk-forward: refit about every matchweek
}
RHO_BOUND = 0.3


class DixonColes:
    def __init__(self, parameters: Parameters | None = None) -> None:
        self._parameters = merged_parameters(NAME, DEFAULTS, parameters)
        positive(NAME, "xi", self._parameters["xi"], allow_zero=True)
        positive(NAME, "history_days", self._parameters["history_days"])
        positive(NAME, "prior_matches", self._parameters["prior_matches"], allow_zero=True)

    name = NAME
    components: tuple[str, ...] = ()

    @property
    def parameters(self) -> Parameters:
        return dict(self._parameters)

    @property
    def refit_days(self) -> int:
        return int(self._parameters["refit_days"])

    def fit(self, training: TrainingSet) -> FittedDixonColes:
        import statsmodels.api as sm

        data = self._data(training)
        previous = training.previous
        start = previous.strengths.as_params(data.teams) if isinstance(previous, FittedDixonColes) else None
        strengths = fit_glm(sm.families.Poisson(), data, self._parameters["prior_matches"], start)
        rho = fit_rho(data, *match_means(strengths, data))
        return FittedDixonColes(strengths, rho, self._parameters)

    def load(self, artefact: bytes) -> FittedDixonColes:
        state = load_artefact(NAME, artefact)
        return FittedDixonColes(
            TeamStrengths.from_state(state["strengths"]), state["rho"], state["parameters"]
        )

    def _data(self, training: TrainingSet) -> GoalData:
        xi, days = self._parameters["xi"], self._parameters["history_days"]
        return goal_data(NAME, training.matches, training.as_of, xi, days)


def low_score_factors(
    data: GoalData, home_means: FloatArray, away_means: FloatArray, rho: float
) -> FloatArray:
    """The Dixon-Coles tau of every match (1 except for 0-0, 0-1, 1-0 and 1-1)."""
    tau = np.ones(len(data.home_goals))
    home, away = data.home_goals, data.away_goals
    tau = np.where((home == 0) & (away == 0), 1.0 - home_means * away_means * rho, tau)
    tau = np.where((home == 0) & (away == 1), 1.0 + home_means * rho, tau)
    tau = np.where((home == 1) & (away == 0), 1.0 + away_means * rho, tau)
    return np.where((home == 1) & (away == 1), 1.0 - rho, tau)


def fit_rho(data: GoalData, home_means: FloatArray, away_means: FloatArray) -> float:
    from scipy.optimize import minimize_scalar

    def negative_log_likelihood(rho: float) -> float:
        tau = low_score_factors(data, home_means, away_means, rho)
        if np.any(tau <= 0.0):
            return math.inf
        return -float(np.sum(data.weights * np.log(tau)))

    result = minimize_scalar(
        negative_log_likelihood, bounds=(-RHO_BOUND, RHO_BOUND), method="bounded", options={"xatol": 1e-7}
    )
    return float(result.x)


def log_likelihood(data: GoalData, strengths: TeamStrengths, rho: float, weighted: bool = True) -> float:
    """The Dixon-Coles log-likelihood of the data (weighted by time decay unless weighted=False)."""
    from scipy.stats import poisson

    home_means, away_means = match_means(strengths, data)
    tau = low_score_factors(data, home_means, away_means, rho)
    terms = (
        poisson.logpmf(data.home_goals, home_means)
        + poisson.logpmf(data.away_goals, away_means)
        + np.log(tau)
    )
    weights = data.weights if weighted else np.ones(len(terms))
    return float(np.sum(weights * terms))


@dataclass(frozen=True, slots=True)
class FittedDixonColes:
    strengths: TeamStrengths
    rho: float
    settings: dict[str, Any]

    name = NAME

    def predict(self, fixtures: Sequence[FixtureInput]) -> list[Forecast]:
        return [self._forecast(fixture) for fixture in fixtures]

    def _forecast(self, fixture: FixtureInput) -> Forecast:
        return goal_model_forecast(fixture, self.strengths, self._matrix)

    def _matrix(self, home_xg: float, away_xg: float) -> GoalMatrix:
        return dixon_coles_matrix(home_xg, away_xg, allowed_rho(self.rho, home_xg, away_xg))

    def artefact(self) -> bytes:
        state = {"strengths": self.strengths.state(), "rho": self.rho, "parameters": self.settings}
        return dump_artefact(NAME, state)


def allowed_rho(rho: float, home_xg: float, away_xg: float) -> float:
    """rho clipped to the range that keeps every tau non-negative for these means (extreme mismatches)."""
    lowest = -1.0 / max(home_xg, away_xg)
    highest = min(1.0, 1.0 / (home_xg * away_xg))
    return min(max(rho, lowest), highest)
