"""Team rating systems updated match by match: goal-difference-aware Elo and pi-ratings.

Both start a team they have not seen at the mean of the NEWCOMER_POOL lowest ratings they hold (in a
league the newcomers are mostly promoted sides, who replace the weakest), or at the initial rating when
they hold fewer ratings than that.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

NEWCOMER_POOL = 3


def _newcomer_rating(ratings: list[float], initial: float) -> float:
    if len(ratings) < NEWCOMER_POOL:
        return initial
    return sum(sorted(ratings)[:NEWCOMER_POOL]) / NEWCOMER_POOL


@dataclass(slots=True)
class EloRatings:
    """World-Football-Elo style: K scaled by the goal difference, a home advantage in rating points."""

    k_factor: float = 20.0
    home_advantage: float = 60.0
    initial: float = 1500.0
    ratings: dict[str, float] = field(default_factory=dict)

    def rating(self, team: str) -> float:
        if team not in self.ratings:
            self.ratings[team] = _newcomer_rating(list(self.ratings.values()), self.initial)
        return self.ratings[team]

    def expected_home_score(self, home: str, away: str) -> float:
        difference = self.rating(home) + self.home_advantage - self.rating(away)
        return 1.0 / (1.0 + math.pow(10.0, -difference / 400.0))

    def update(self, home: str, away: str, home_goals: int, away_goals: int) -> None:
        expected = self.expected_home_score(home, away)
        actual = 1.0 if home_goals > away_goals else 0.5 if home_goals == away_goals else 0.0
        weight = _goal_difference_multiplier(abs(home_goals - away_goals))
        change = self.k_factor * weight * (actual - expected)
        self.ratings[home] += change
        self.ratings[away] -= change


def _goal_difference_multiplier(margin: int) -> float:
    if margin <= 1:
        return 1.0
    return 1.5 if margin == 2 else (11.0 + margin) / 8.0


@dataclass(slots=True)
class PiRatings:
    """Pi-ratings (Constantinou & Fenton 2013): each team has a home and an away rating on a goal scale.

    A rating R stands for an expected goal difference sign(R) * (b**(|R| / c) - 1) against an average
    side; after each match both ratings of both teams move by the (log-compressed) prediction error.
    """

    learning_rate: float = 0.035  # lambda
    cross_rate: float = 0.7  # gamma: how much a home result moves the away rating and vice versa
    base: float = 10.0  # b
    scale: float = 3.0  # c
    home: dict[str, float] = field(default_factory=dict)
    away: dict[str, float] = field(default_factory=dict)

    def ratings(self, team: str) -> tuple[float, float]:
        if team not in self.home:
            self.home[team] = _newcomer_rating(list(self.home.values()), 0.0)
            self.away[team] = _newcomer_rating(list(self.away.values()), 0.0)
        return self.home[team], self.away[team]

    def expected_goal_difference(self, home: str, away: str) -> float:
        return self._goals(self.ratings(home)[0]) - self._goals(self.ratings(away)[1])

    def update(self, home: str, away: str, home_goals: int, away_goals: int) -> None:
        error = (home_goals - away_goals) - self.expected_goal_difference(home, away)
        step = math.copysign(self.scale * math.log10(1.0 + abs(error)), error) * self.learning_rate
        home_rating, away_rating = self.home[home], self.away[away]
        self.home[home] = home_rating + step
        self.away[home] += step * self.cross_rate
        self.away[away] = away_rating - step
        self.home[away] -= step * self.cross_rate

    def _goals(self, rating: float) -> float:
        return math.copysign(math.pow(self.base, abs(rating) / self.scale) - 1.0, rating)
