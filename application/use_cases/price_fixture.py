"""Use case: price every common market of a fixture from the two teams' expected goals."""

from __future__ import annotations

from dataclasses import dataclass

from domain.goal_matrix import ModelInput, dixon_coles_matrix, dixon_coles_rho, expected_goals
from domain.pricing import FixturePrices, price_fixture


@dataclass(frozen=True, slots=True)
class PriceFixtureRequest:
    home_xg: ModelInput
    away_xg: ModelInput
    rho: ModelInput = 0.0


@dataclass(frozen=True, slots=True)
class PriceFixtureResponse:
    home_xg: float
    away_xg: float
    rho: float
    prices: FixturePrices


class PriceFixture:
    """Fair probabilities of 1X2, double chance, draw no bet, both teams to score, correct score, totals
    (over side, 0.5 to 6.5) and Asian handicaps (home side, -3 to +3), quarter lines included.

    Rules: expected goals are finite numbers in (0, 20]; rho (the Dixon-Coles low-score dependence,
    0 = independent Poisson) keeps every Dixon-Coles factor non-negative; every market's probabilities
    sum to 1; a quarter line settles as half the stake on each neighbouring half-line.
    """

    def execute(self, request: PriceFixtureRequest) -> PriceFixtureResponse:
        home_xg = expected_goals(request.home_xg, "home_xg")
        away_xg = expected_goals(request.away_xg, "away_xg")
        rho = dixon_coles_rho(request.rho, home_xg, away_xg)
        matrix = dixon_coles_matrix(home_xg, away_xg, rho)
        return PriceFixtureResponse(home_xg, away_xg, rho, price_fixture(matrix))
