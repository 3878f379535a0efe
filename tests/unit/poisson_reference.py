"""An independent Dixon-Coles reference written straight from the formulas (not from domain code).

P(h, a) = tau(h, a) * e^-l * l^h / h! * e^-m * m^a / a!, with tau 1 except
tau(0,0) = 1 - l*m*rho, tau(0,1) = 1 + l*rho, tau(1,0) = 1 + m*rho, tau(1,1) = 1 - rho.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

TERMS = 120  # enough for a mean of 20: the Poisson tail beyond 120 goals is far below 1e-30


def poisson(mean: float, goals: int) -> float:
    return math.exp(-mean) * mean**goals / math.factorial(goals)


def score_probability(home_xg: float, away_xg: float, rho: float, home: int, away: int) -> float:
    tau = {
        (0, 0): 1 - home_xg * away_xg * rho,
        (0, 1): 1 + home_xg * rho,
        (1, 0): 1 + away_xg * rho,
        (1, 1): 1 - rho,
    }.get((home, away), 1.0)
    return tau * poisson(home_xg, home) * poisson(away_xg, away)


def scores(home_xg: float, away_xg: float, rho: float = 0.0) -> dict[tuple[int, int], float]:
    home_goals = [poisson(home_xg, goals) for goals in range(TERMS)]
    away_goals = [poisson(away_xg, goals) for goals in range(TERMS)]
    table = {
        (home, away): home_goals[home] * away_goals[away] for home in range(TERMS) for away in range(TERMS)
    }
    for home, away in ((0, 0), (0, 1), (1, 0), (1, 1)):
        table[home, away] = score_probability(home_xg, away_xg, rho, home, away)
    return table


def probability_that(table: dict[tuple[int, int], float], event: Callable[[int, int], bool]) -> float:
    return math.fsum(p for (home, away), p in table.items() if event(home, away))
