"""The attack/defence/home structure shared by the goal models, as a generalised linear model.

log E[goals of team i at home against j] = intercept + home + attack_i + defence_j, and without `home`
for the away side. Attack and defence use effect coding (each sums to 0 over the teams), so the
intercept is the log goal rate of an average side away from home.

Matches are weighted by exp(-xi * age in days) at the fit's as_of (Dixon & Coles 1997). A weak prior
keeps teams with few matches finite: per team and per parameter, `prior_matches` pseudo-observations of
an average side scoring the league's mean goals pull its attack and defence towards 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from application.ports.prediction_model import FixtureInput, Forecast
from domain.errors import InvalidModelInput
from domain.pricing import price_match_result

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from datetime import datetime

    from application.modelling.records import MatchRecord
    from domain.goal_matrix import GoalMatrix

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
MIN_MATCHES = 20
NEWCOMER_POOL = 3


@dataclass(frozen=True, slots=True)
class GoalData:
    teams: tuple[str, ...]
    home: IntArray
    away: IntArray
    home_goals: FloatArray
    away_goals: FloatArray
    weights: FloatArray


def goal_data(
    model: str, matches: Sequence[MatchRecord], as_of: datetime, xi: float, history_days: int
) -> GoalData:
    """Played matches known at as_of and at most history_days old, with their time-decay weights."""
    selected = [
        m
        for m in matches
        if m.played and m.known_from <= as_of and (as_of - m.kickoff).total_seconds() <= history_days * 86400
    ]
    teams = tuple(sorted({m.home_team for m in selected} | {m.away_team for m in selected}))
    if len(selected) < MIN_MATCHES or len(teams) < 2:
        raise InvalidModelInput(
            f"{model} needs at least {MIN_MATCHES} played matches between 2 or more teams in the "
            f"{history_days} days before {as_of:%Y-%m-%d %H:%M}, found {len(selected)}"
        )
    index = {team: position for position, team in enumerate(teams)}
    ages = np.array([(as_of - m.kickoff).total_seconds() / 86400.0 for m in selected])
    return GoalData(
        teams=teams,
        home=np.array([index[m.home_team] for m in selected], dtype=np.int64),
        away=np.array([index[m.away_team] for m in selected], dtype=np.int64),
        home_goals=np.array([m.home_goals for m in selected], dtype=np.float64),
        away_goals=np.array([m.away_goals for m in selected], dtype=np.float64),
        weights=np.exp(-xi * np.maximum(ages, 0.0)),
    )


def _effects(indices: IntArray, team_count: int) -> FloatArray:
    """Effect-coded columns: one per team but the last, whose rows hold -1 everywhere."""
    columns = np.zeros((len(indices), team_count - 1))
    for row, team in enumerate(indices):
        if team == team_count - 1:
            columns[row, :] = -1.0
        else:
            columns[row, team] = 1.0
    return columns


def design(data: GoalData, prior_matches: float) -> tuple[FloatArray, FloatArray, FloatArray]:
    """(goals, design matrix, weights): home rows, away rows, then the prior's pseudo-rows."""
    count = len(data.teams)
    scoring = np.concatenate([data.home, data.away])
    conceding = np.concatenate([data.away, data.home])
    at_home = np.concatenate([np.ones(len(data.home)), np.zeros(len(data.away))])
    matrix = np.column_stack(
        [np.ones(len(scoring)), at_home, _effects(scoring, count), _effects(conceding, count)]
    )
    goals = np.concatenate([data.home_goals, data.away_goals])
    weights = np.concatenate([data.weights, data.weights])
    if prior_matches <= 0.0:
        return goals, matrix, weights
    mean_goals = float(np.average(goals, weights=weights))
    every = np.arange(count, dtype=np.int64)
    zeros = np.zeros((count, count - 1))
    prior = np.vstack(
        [
            np.column_stack([np.ones(count), np.full(count, 0.5), _effects(every, count), zeros]),
            np.column_stack([np.ones(count), np.full(count, 0.5), zeros, _effects(every, count)]),
        ]
    )
    return (
        np.concatenate([goals, np.full(2 * count, mean_goals)]),
        np.vstack([matrix, prior]),
        np.concatenate([weights, np.full(2 * count, prior_matches)]),
    )


@dataclass(frozen=True, slots=True)
class TeamStrengths:
    intercept: float
    home: float
    attack: dict[str, float]
    defence: dict[str, float]

    @classmethod
    def from_params(cls, params: Sequence[float], teams: Sequence[str]) -> TeamStrengths:
        count = len(teams)
        attack = list(params[2 : 1 + count])
        defence = list(params[1 + count : 2 * count])
        attack.append(-math.fsum(attack))
        defence.append(-math.fsum(defence))
        return cls(
            intercept=float(params[0]),
            home=float(params[1]),
            attack=dict(zip(teams, map(float, attack), strict=True)),
            defence=dict(zip(teams, map(float, defence), strict=True)),
        )

    def as_params(self, teams: Sequence[str]) -> FloatArray:
        """This fit's parameters for another team list (unknown teams at 0): a warm start."""
        attack = [self.attack.get(team, 0.0) for team in teams[:-1]]
        defence = [self.defence.get(team, 0.0) for team in teams[:-1]]
        return np.array([self.intercept, self.home, *attack, *defence])

    def expected_goals(self, home_team: str, away_team: str) -> tuple[float, float, str | None]:
        """(home mean, away mean, fallback): an unseen team is rated like the NEWCOMER_POOL weakest."""
        unseen = [team for team in (home_team, away_team) if team not in self.attack]
        newcomer = self._newcomer()
        attack_home, defence_home = self._team(home_team, newcomer)
        attack_away, defence_away = self._team(away_team, newcomer)
        home_mean = math.exp(self.intercept + self.home + attack_home + defence_away)
        away_mean = math.exp(self.intercept + attack_away + defence_home)
        fallback = f"unseen team(s) {', '.join(unseen)} rated as newcomers" if unseen else None
        return home_mean, away_mean, fallback

    def _team(self, team: str, newcomer: tuple[float, float]) -> tuple[float, float]:
        if team in self.attack:
            return self.attack[team], self.defence[team]
        return newcomer

    def _newcomer(self) -> tuple[float, float]:
        weakest = sorted(self.attack, key=lambda team: (self.attack[team] - self.defence[team], team))
        pool = weakest[:NEWCOMER_POOL]
        return (
            math.fsum(self.attack[team] for team in pool) / len(pool),
            math.fsum(self.defence[team] for team in pool) / len(pool),
        )

    def state(self) -> dict[str, Any]:
        return {
            "intercept": self.intercept,
            "home": self.home,
            "attack": self.attack,
            "defence": self.defence,
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> TeamStrengths:
        return cls(
            intercept=float(state["intercept"]),
            home=float(state["home"]),
            attack={str(k): float(v) for k, v in state["attack"].items()},
            defence={str(k): float(v) for k, v in state["defence"].items()},
        )


def match_means(strengths: TeamStrengths, data: GoalData) -> tuple[FloatArray, FloatArray]:
    attack = np.array([strengths.attack[team] for team in data.teams])
    defence = np.array([strengths.defence[team] for team in data.teams])
    home_means = np.exp(strengths.intercept + strengths.home + attack[data.home] + defence[data.away])
    away_means = np.exp(strengths.intercept + attack[data.away] + defence[data.home])
    return home_means, away_means


def single_threaded_blas() -> Any:
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def fit_glm(family: Any, data: GoalData, prior_matches: float, start: FloatArray | None) -> TeamStrengths:
    """Fit the GLM with statsmodels (imported here: it takes about a second to import).

    BLAS runs single-threaded: on matrices this small threads only add overhead, and a fixed thread
    count makes the fitted parameters, so the artefact hash, reproducible.
    """
    import statsmodels.api as sm

    goals, matrix, weights = design(data, prior_matches)
    with single_threaded_blas():
        result = sm.GLM(goals, matrix, family=family, freq_weights=weights).fit(
            start_params=start, maxiter=100, tol=1e-10
        )
    params = np.asarray(result.params, dtype=np.float64)
    if not np.all(np.isfinite(params)):
        raise InvalidModelInput("the goal model did not converge: a fitted parameter is not finite")
    return TeamStrengths.from_params(params.tolist(), data.teams)


def goal_model_forecast(
    fixture: FixtureInput, strengths: TeamStrengths, matrix_for: Callable[[float, float], GoalMatrix]
) -> Forecast:
    """A goal model's forecast: expected goals from the strengths, a goal matrix from them, read as 1X2."""
    match = fixture.match
    home_xg, away_xg, fallback = strengths.expected_goals(match.home_team, match.away_team)
    matrix = matrix_for(home_xg, away_xg)
    result = price_match_result(matrix)
    return Forecast(
        match.fixture_id,
        result.home,
        result.draw,
        result.away,
        goal_matrix=matrix,
        expected_goals=(home_xg, away_xg),
        fallback=fallback,
    )
