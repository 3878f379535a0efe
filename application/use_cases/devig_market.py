"""Use case: remove the bookmaker's margin from one market's prices."""

from __future__ import annotations

from dataclasses import dataclass

from domain.margin import DevigMethod, devig
from domain.odds import Odds, OddsInput


@dataclass(frozen=True, slots=True)
class DevigRequest:
    prices: tuple[OddsInput, ...]
    method: DevigMethod


@dataclass(frozen=True, slots=True)
class DevigResponse:
    method: DevigMethod
    overround: float
    probabilities: tuple[float, ...]


class DevigMarket:
    """De-vig one market of mutually exclusive, exhaustive outcomes.

    Rules: every price must be valid decimal odds above 1; the implied probabilities must sum to more
    than 1 (otherwise there is no margin to remove); the fair probabilities come back in the order of the
    prices given, each in (0, 1), summing to 1.
    """

    def execute(self, request: DevigRequest) -> DevigResponse:
        prices = [Odds.from_decimal(price) for price in request.prices]
        result = devig(prices, request.method)
        return DevigResponse(result.method, result.overround, result.probabilities)
