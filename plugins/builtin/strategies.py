"""Built-in plugin `strategies`: model-edge, market-consensus and blend (the `stakewise_strategies` hook).

- `market-consensus` (the default): the early price of a sharp bookmaker (Pinnacle; the market average when
  Pinnacle has none) de-vigged by Shin's method is the probability; bets are taken at the best price among
  the other bookmakers (never the sharp one, never a market aggregate or an exchange).
- `model-edge`: the prediction model's probability (dixon-coles by default) against the best price of every
  bookmaker.
- `blend`: a weighted mix of the two probabilities, bet at the consensus' bookmakers.

Every threshold is a parameter (`--param KEY=VALUE`): the minimum expected value at the best price, the
minimum probability, the maximum odds, the sharp bookmaker and its fallback, the de-vig method, the
bookmakers left out, and for model-edge and blend the model and the weight.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from application.ports.betting_strategy import (
    BettingStrategy,
    Probabilities,
    StrategyInput,
    StrategyOpinion,
)
from application.use_cases.find_edges import EdgeFilters
from domain.errors import DevigError, DomainError
from domain.margin import DevigMethod
from plugins.builtin.models.settings import merged_parameters
from plugins.hookspecs import StrategyEntry, hookimpl

if TYPE_CHECKING:
    from collections.abc import Mapping

    from application.modelling.records import PriceTriple
    from application.ports.prediction_model import JsonValue, Parameters

NOT_BETTABLE = ["maximum", "average", "betfair-exchange", "matchbook"]
_THRESHOLDS: dict[str, Any] = {"min_expected_value": 0.0, "min_probability": 0.02, "max_odds": 10.0}
_SHARP: dict[str, Any] = {"sharp": "pinnacle", "fallback": "average", "devig": "shin"}


class _Strategy(ABC):
    """What the three share: parameters with defaults, thresholds as EdgeFilters, the sharp probability."""

    name: ClassVar[str] = ""
    defaults: ClassVar[Mapping[str, Any]] = {}

    def __init__(self, parameters: Parameters | None) -> None:
        self._values = merged_parameters(self.name, self.defaults, parameters)
        if self._values["max_odds"] <= 1.0 or not 0.0 <= self._values["min_probability"] < 1.0:
            raise DomainError(f"{self.name}: max_odds must be above 1 and min_probability in [0, 1)")
        if "devig" in self._values and self._values["devig"] not in {m.value for m in DevigMethod}:
            known = ", ".join(m.value for m in DevigMethod)
            raise DomainError(f"{self.name}: unknown de-vig method {self._values['devig']!r} ({known})")
        if not 0.0 <= float(self._values.get("weight", 0.0)) <= 1.0:
            raise DomainError(f"{self.name}: weight must be in [0, 1]")

    @property
    def parameters(self) -> Mapping[str, JsonValue]:
        return dict(self._values)

    @property
    def model(self) -> str | None:
        model = self._values.get("model")
        return str(model) if model else None

    @property
    def filters(self) -> EdgeFilters:
        return EdgeFilters(
            min_expected_value=float(self._values["min_expected_value"]),
            min_probability=float(self._values["min_probability"]),
            max_odds=Decimal(repr(float(self._values["max_odds"]))),
        )

    @abstractmethod
    def opinion(self, fixture: StrategyInput) -> StrategyOpinion | None: ...

    def _excluded(self) -> frozenset[str]:
        return frozenset(str(b) for b in self._values["exclude"])

    def _sharp(self, prices: Mapping[str, PriceTriple]) -> tuple[str, Probabilities] | None:
        """The sharp bookmaker's de-vigged early prices, else the fallback's; None without either."""
        for bookmaker in (self._values["sharp"], self._values["fallback"]):
            triple = prices.get(bookmaker)
            if triple is None:
                continue
            try:
                return str(bookmaker), triple.devigged(DevigMethod(self._values["devig"]))
            except DevigError:
                continue
        return None

    def _takers(self, prices: Mapping[str, PriceTriple], source: str) -> frozenset[str]:
        return frozenset(prices) - self._excluded() - {source, str(self._values["sharp"])}


class MarketConsensus(_Strategy):
    name: ClassVar[str] = "market-consensus"
    defaults: ClassVar[Mapping[str, Any]] = {**_SHARP, **_THRESHOLDS, "exclude": NOT_BETTABLE}

    def opinion(self, fixture: StrategyInput) -> StrategyOpinion | None:
        sharp = self._sharp(fixture.early_prices)
        if sharp is None:
            return None
        source, probabilities = sharp
        return StrategyOpinion(probabilities, self._takers(fixture.early_prices, source))


class ModelEdge(_Strategy):
    name: ClassVar[str] = "model-edge"
    defaults: ClassVar[Mapping[str, Any]] = {
        "model": "dixon-coles",
        **_THRESHOLDS,
        "min_expected_value": 0.02,
        "exclude": NOT_BETTABLE,
    }

    def opinion(self, fixture: StrategyInput) -> StrategyOpinion | None:
        if fixture.forecast is None:
            return None
        return StrategyOpinion(fixture.forecast, frozenset(fixture.early_prices) - self._excluded())


class Blend(_Strategy):
    name: ClassVar[str] = "blend"
    defaults: ClassVar[Mapping[str, Any]] = {
        "model": "dixon-coles",
        "weight": 0.3,
        **_SHARP,
        **_THRESHOLDS,
        "exclude": NOT_BETTABLE,
    }

    def opinion(self, fixture: StrategyInput) -> StrategyOpinion | None:
        sharp = self._sharp(fixture.early_prices)
        if sharp is None or fixture.forecast is None:
            return None
        source, market = sharp
        weight = float(self._values["weight"])
        mixed = [weight * m + (1.0 - weight) * s for m, s in zip(fixture.forecast, market, strict=True)]
        total = sum(mixed)
        home, draw, away = (p / total for p in mixed)
        return StrategyOpinion((home, draw, away), self._takers(fixture.early_prices, source))


def _entry(kind: type[_Strategy], description: str) -> StrategyEntry:
    def create(parameters: Parameters | None) -> BettingStrategy:
        return kind(parameters)

    return StrategyEntry(kind.name, create, description)


STRATEGIES = (
    _entry(MarketConsensus, "Pinnacle's early price de-vigged (Shin) against the best price of the others"),
    _entry(ModelEdge, "the prediction model's probability against the best price"),
    _entry(Blend, "a weighted mix of the model's and the sharp bookmaker's probabilities"),
)


@hookimpl
def stakewise_strategies() -> tuple[StrategyEntry, ...]:
    return STRATEGIES
