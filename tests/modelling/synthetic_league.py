"""A seeded synthetic league for the model tests: drifting team strengths, Dixon-Coles goals, prices.

Early prices are the true probabilities with noise and a 5 % margin; closing prices carry less noise.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

from application.modelling.records import MatchRecord, PriceTriple, TeamMatchStats
from domain.goal_matrix import dixon_coles_matrix
from domain.pricing import price_match_result

MARGIN = 1.05


def synthetic_league(
    seasons: int = 3, teams: int = 10, seed: int = 7, league: str = "SYN", first_year: int = 2015
) -> list[MatchRecord]:
    rng = random.Random(seed)
    names = [f"Team {chr(65 + index)}" for index in range(teams)]
    attack = {name: rng.gauss(0.0, 0.3) for name in names}
    defence = {name: rng.gauss(0.0, 0.3) for name in names}
    matches: list[MatchRecord] = []
    for season_index in range(seasons):
        year = first_year + season_index
        season = f"{year}-{year + 1}"
        for round_index, pairs in enumerate(_double_round_robin(names, rng)):
            day = datetime(year, 8, 10) + timedelta(days=7 * round_index)  # noqa: DTZ001  naive UTC, as MatchRecord keeps kickoffs
            for slot, (home, away) in enumerate(pairs):
                kickoff = day + timedelta(hours=12 + 2 * (slot % 4))
                matches.append(
                    _match(rng, league, season, kickoff, home, away, attack, defence, len(matches))
                )
            for name in names:  # strengths drift through the season
                attack[name] += rng.gauss(0.0, 0.02)
                defence[name] += rng.gauss(0.0, 0.02)
    return matches


def _double_round_robin(names: list[str], rng: random.Random) -> list[list[tuple[str, str]]]:
    order = names[:]
    rng.shuffle(order)
    rounds: list[list[tuple[str, str]]] = []
    for _ in range(len(order) - 1):
        half = len(order) // 2
        rounds.append([(order[i], order[-1 - i]) for i in range(half)])
        order = [order[0], order[-1], *order[1:-1]]
    return rounds + [[(away, home) for home, away in pairs] for pairs in rounds]


def _match(
    rng: random.Random,
    league: str,
    season: str,
    kickoff: datetime,
    home: str,
    away: str,
    attack: dict[str, float],
    defence: dict[str, float],
    number: int,
) -> MatchRecord:
    home_xg = math.exp(0.25 + 0.3 + attack[home] + defence[away])
    away_xg = math.exp(0.25 + attack[away] + defence[home])
    result = price_match_result(dixon_coles_matrix(home_xg, away_xg, -0.08))
    truth = (result.home, result.draw, result.away)
    home_goals, away_goals = _poisson(rng, home_xg), _poisson(rng, away_xg)
    return MatchRecord(
        fixture_id=f"{league}-{number:05d}",
        league=league,
        season=season,
        kickoff=kickoff,
        home_team=home,
        away_team=away,
        home_goals=home_goals,
        away_goals=away_goals,
        home_stats=_stats(rng, home_xg),
        away_stats=_stats(rng, away_xg),
        early_prices=(("bet365", _prices(rng, truth, 0.25)),),
        closing_prices=(("pinnacle", _prices(rng, truth, 0.08)),),
    )


def _poisson(rng: random.Random, mean: float) -> int:
    count, product, threshold = 0, rng.random(), math.exp(-mean)
    while product > threshold:
        count += 1
        product *= rng.random()
    return count


def _stats(rng: random.Random, xg: float) -> TeamMatchStats:
    shots = max(1, round(rng.gauss(9.0 * xg, 3.0)))
    return TeamMatchStats(shots=shots, shots_on_target=max(0, round(shots * 0.35)), xg=round(xg, 2))


def _prices(rng: random.Random, truth: tuple[float, float, float], noise: float) -> PriceTriple:
    logits = [math.log(p) + rng.gauss(0.0, noise) for p in truth]
    total = sum(math.exp(value) for value in logits)
    probabilities = [math.exp(value) / total for value in logits]
    home, draw, away = (round(1.0 / (p * MARGIN), 2) for p in probabilities)
    return PriceTriple(max(home, 1.01), max(draw, 1.01), max(away, 1.01))
