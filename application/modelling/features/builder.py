"""Point-in-time feature rows: one chronological pass over a league's matches.

For each fixture the builder first applies every result known at the fixture's cutoff (see
application.modelling.records), then reads the features off the ratings and team histories. Nothing
known later (later results, the fixture's own result and statistics, closing prices) can reach a row.
Leagues are rated separately: a team's ratings in one league do not follow it to another.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from application.modelling.features.form import (
    CONGESTION_WINDOWS_DAYS,
    FORM_STATISTICS,
    HISTORY_DAYS,
    Appearance,
    TeamHistory,
)
from application.modelling.features.ratings import EloRatings, PiRatings
from application.modelling.features.row import FeatureRow, FeatureValues
from application.modelling.records import MatchRecord, chronological

FEATURE_SET = "core-v1"
SIDES = ("home", "away")


def _side_names() -> list[str]:
    names = [f"{side}_{statistic}" for side in SIDES for statistic in FORM_STATISTICS]
    for side in SIDES:
        names += [f"{side}_rest_days", f"{side}_matches_{HISTORY_DAYS}d"]
        names += [f"{side}_matches_{days}d" for days in CONGESTION_WINDOWS_DAYS]
    return names


FEATURE_NAMES: tuple[str, ...] = (
    "elo_home",
    "elo_away",
    "elo_difference",
    "elo_home_expectation",
    "pi_home",
    "pi_away",
    "pi_expected_goal_difference",
    *_side_names(),
    "season_day_sin",
    "season_day_cos",
    "kickoff_hour_sin",
    "kickoff_hour_cos",
    "market_home",
    "market_draw",
    "market_away",
    "market_overround",
)


def build_features(matches: Iterable[MatchRecord]) -> dict[str, FeatureRow]:
    """The FEATURE_SET row of every match, by fixture id."""
    by_league: dict[str, list[MatchRecord]] = defaultdict(list)
    for match in matches:
        by_league[match.league].append(match)
    rows: dict[str, FeatureRow] = {}
    for league in sorted(by_league):
        rows.update((row.fixture_id, row) for row in _league_rows(by_league[league]))
    return rows


def _league_rows(matches: list[MatchRecord]) -> Iterator[FeatureRow]:
    state = _LeagueState()
    results = sorted((m for m in matches if m.played), key=lambda m: (m.known_from, m.fixture_id))
    applied = 0
    for fixture in chronological(matches):
        while applied < len(results) and results[applied].known_from <= fixture.cutoff:
            state.apply(results[applied])
            applied += 1
        yield FeatureRow(fixture.fixture_id, FEATURE_SET, fixture.cutoff, state.features(fixture))


@dataclass(slots=True)
class _LeagueState:
    elo: EloRatings = field(default_factory=EloRatings)
    pi: PiRatings = field(default_factory=PiRatings)
    teams: dict[str, TeamHistory] = field(default_factory=lambda: defaultdict(TeamHistory))

    def apply(self, match: MatchRecord) -> None:
        if match.home_goals is None or match.away_goals is None:
            raise AssertionError(f"match {match.fixture_id} has no result")
        self.elo.update(match.home_team, match.away_team, match.home_goals, match.away_goals)
        self.pi.update(match.home_team, match.away_team, match.home_goals, match.away_goals)
        self.teams[match.home_team].add(_appearance(match, home=True))
        self.teams[match.away_team].add(_appearance(match, home=False))

    def features(self, fixture: MatchRecord) -> FeatureValues:
        values: dict[str, float | None] = {}
        values |= self._ratings(fixture)
        for side, team in zip(SIDES, (fixture.home_team, fixture.away_team), strict=True):
            values |= _team_features(side, self.teams.get(team, TeamHistory()), fixture.cutoff)
        values |= _calendar(fixture)
        values |= _market(fixture)
        values |= {name: _finite(value) for name, value in fixture.extras}
        return values

    def _ratings(self, fixture: MatchRecord) -> dict[str, float | None]:
        home, away = fixture.home_team, fixture.away_team
        elo_home, elo_away = self.elo.rating(home), self.elo.rating(away)
        return {
            "elo_home": elo_home,
            "elo_away": elo_away,
            "elo_difference": elo_home + self.elo.home_advantage - elo_away,
            "elo_home_expectation": self.elo.expected_home_score(home, away),
            "pi_home": self.pi.ratings(home)[0],
            "pi_away": self.pi.ratings(away)[1],
            "pi_expected_goal_difference": self.pi.expected_goal_difference(home, away),
        }


def _appearance(match: MatchRecord, home: bool) -> Appearance:
    if match.home_goals is None or match.away_goals is None:
        raise AssertionError(f"match {match.fixture_id} has no result")
    own, other = (match.home_stats, match.away_stats) if home else (match.away_stats, match.home_stats)
    goals = (match.home_goals, match.away_goals) if home else (match.away_goals, match.home_goals)
    return Appearance(
        kickoff=match.kickoff,
        goals_for=goals[0],
        goals_against=goals[1],
        shots_for=own.shots,
        shots_against=other.shots,
        on_target_for=own.shots_on_target,
        on_target_against=other.shots_on_target,
        xg_for=own.xg,
        xg_against=other.xg,
    )


def _team_features(side: str, history: TeamHistory, moment: datetime) -> dict[str, float | None]:
    values: dict[str, float | None] = {f"{side}_{name}": value for name, value in history.form().items()}
    values[f"{side}_rest_days"] = history.rest_days(moment)
    values[f"{side}_matches_{HISTORY_DAYS}d"] = float(history.matches_within(moment, HISTORY_DAYS))
    for days in CONGESTION_WINDOWS_DAYS:
        values[f"{side}_matches_{days}d"] = float(history.matches_within(moment, days))
    return values


def _calendar(fixture: MatchRecord) -> dict[str, float | None]:
    kickoff = fixture.kickoff
    season_start = datetime(
        kickoff.year if kickoff.month >= 7 else kickoff.year - 1, 7, 1, tzinfo=kickoff.tzinfo
    )
    season_angle = 2.0 * math.pi * (kickoff - season_start).days / 365.25
    values: dict[str, float | None] = {
        "season_day_sin": math.sin(season_angle),
        "season_day_cos": math.cos(season_angle),
        "kickoff_hour_sin": None,
        "kickoff_hour_cos": None,
    }
    if fixture.kickoff_time_known:
        hour_angle = 2.0 * math.pi * (kickoff.hour + kickoff.minute / 60.0) / 24.0
        values |= {"kickoff_hour_sin": math.sin(hour_angle), "kickoff_hour_cos": math.cos(hour_angle)}
    return values


def _market(fixture: MatchRecord) -> dict[str, float | None]:
    prices = fixture.early()
    if prices is None:
        return dict.fromkeys(("market_home", "market_draw", "market_away", "market_overround"))
    home, draw, away = prices.fair_probabilities()
    return {
        "market_home": home,
        "market_draw": draw,
        "market_away": away,
        "market_overround": prices.overround,
    }


def _finite(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None
