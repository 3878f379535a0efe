"""`market`: the bookmakers' early 1X2 prices with the margin removed, the baseline every model must beat.

It learns nothing from past matches. `prices` chooses early (the default, usable for betting) or closing
(a reference for evaluation only: a closing price is never an input to an earlier bet).
A fixture without such prices cannot be forecast: the error names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from application.modelling.records import PRICE_PREFERENCE, MatchRecord, PriceTriple
from application.ports.prediction_model import FixtureInput, Forecast, Parameters, TrainingSet
from domain.errors import InvalidModelInput
from plugins.builtin.models.artefacts import dump_artefact, load_artefact
from plugins.builtin.models.settings import merged_parameters

if TYPE_CHECKING:
    from collections.abc import Sequence

NAME = "market"
DEFAULTS: dict[str, Any] = {"prices": "early", "bookmakers": list(PRICE_PREFERENCE)}
PRICE_KINDS = ("early", "closing")


class Market:
    name = NAME
    components: tuple[str, ...] = ()
    refit_days = 0

    def __init__(self, parameters: Parameters | None = None) -> None:
        self._parameters = merged_parameters(NAME, DEFAULTS, parameters)
        if self._parameters["prices"] not in PRICE_KINDS:
            raise InvalidModelInput(
                f"market parameter 'prices' must be one of {', '.join(PRICE_KINDS)}, "
                f"not {self._parameters['prices']!r}"
            )

    @property
    def parameters(self) -> Parameters:
        return dict(self._parameters)

    def fit(self, training: TrainingSet) -> FittedMarket:
        return FittedMarket(self._parameters["prices"], tuple(self._parameters["bookmakers"]))

    def load(self, artefact: bytes) -> FittedMarket:
        state = load_artefact(NAME, artefact)
        return FittedMarket(state["prices"], tuple(state["bookmakers"]))


@dataclass(frozen=True, slots=True)
class FittedMarket:
    prices: str
    bookmakers: tuple[str, ...]

    name = NAME

    def predict(self, fixtures: Sequence[FixtureInput]) -> list[Forecast]:
        return [self._forecast(fixture.match) for fixture in fixtures]

    def quote(self, match: MatchRecord) -> PriceTriple | None:
        return match.early(self.bookmakers) if self.prices == "early" else match.closing(self.bookmakers)

    def _forecast(self, match: MatchRecord) -> Forecast:
        quote = self.quote(match)
        if quote is None:
            raise InvalidModelInput(
                f"fixture {match.fixture_id} ({match.home_team} v {match.away_team}) has no {self.prices} "
                "1X2 prices: the market model cannot forecast it"
            )
        return Forecast(match.fixture_id, *quote.fair_probabilities())

    def artefact(self) -> bytes:
        return dump_artefact(NAME, {"prices": self.prices, "bookmakers": list(self.bookmakers)})
