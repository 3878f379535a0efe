"""Use case: forecast upcoming fixtures with a registered model (the champion unless told otherwise)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from application.errors import NotFound
from application.modelling.features.builder import build_features
from application.modelling.records import MatchRecord, PriceTriple
from application.modelling.registry import RegisteredModel, registry_name
from application.ports.match_history import MatchHistory
from application.ports.model_catalogue import ModelCatalogue
from application.ports.model_registry import ModelRegistry
from application.ports.prediction_model import FixtureInput, Forecast
from domain.errors import InvalidModelInput
from domain.pricing import FixturePrices, price_fixture


@dataclass(frozen=True, slots=True)
class FixtureToPredict:
    home_team: str
    away_team: str
    kickoff: datetime
    kickoff_time_known: bool = True
    early_prices: PriceTriple | None = None
    bookmaker: str = "bet365"


@dataclass(frozen=True, slots=True)
class PredictRequest:
    league: str
    model: str
    fixtures: tuple[FixtureToPredict, ...]
    version: int | None = None


@dataclass(frozen=True, slots=True)
class Prediction:
    fixture: FixtureToPredict
    forecast: Forecast
    prices: FixturePrices | None  # every market, for models that give a goal matrix


@dataclass(frozen=True, slots=True)
class PredictResponse:
    model: RegisteredModel
    predictions: tuple[Prediction, ...]


class PredictFixtures:
    """Forecast fixtures with a stored model version.

    Rules: the version used is the one asked for, else the champion of model/league, else its latest
    version (the response names the version and its stage); features of each fixture come from the
    league's results known before its kickoff; a fixture whose team the model never saw gets the model's
    documented fallback (named in the forecast) or a clear error, never NaN probabilities; a goal model's
    forecast also prices every market from its goal matrix.
    """

    def __init__(self, history: MatchHistory, catalogue: ModelCatalogue, registry: ModelRegistry) -> None:
        self._history = history
        self._catalogue = catalogue
        self._registry = registry

    async def execute(self, request: PredictRequest) -> PredictResponse:
        if not request.fixtures:
            raise InvalidModelInput("no fixture to predict")
        stored = await self._version(request)
        fitted = self._catalogue.create(stored.model, stored.parameters).load(stored.artefact)
        history = await self._history.league(request.league)
        upcoming = [_record(request.league, index, f) for index, f in enumerate(request.fixtures)]
        rows = build_features([*history.matches, *upcoming])
        forecasts = fitted.predict([FixtureInput(m, rows[m.fixture_id]) for m in upcoming])
        predictions = tuple(
            Prediction(
                fixture, forecast, price_fixture(forecast.goal_matrix) if forecast.goal_matrix else None
            )
            for fixture, forecast in zip(request.fixtures, forecasts, strict=True)
        )
        return PredictResponse(stored, predictions)

    async def _version(self, request: PredictRequest) -> RegisteredModel:
        name = registry_name(request.model, request.league)
        if request.version is not None:
            stored = await self._registry.get(name, request.version)
        else:
            versions = await self._registry.versions(name)
            stored = await self._registry.champion(name) or (versions[-1] if versions else None)
        if stored is None:
            version = f" v{request.version}" if request.version is not None else ""
            raise NotFound("model", f"{name}{version} (train one with `stakewise train`)")
        return stored


def _record(league: str, index: int, fixture: FixtureToPredict) -> MatchRecord:
    prices = ((fixture.bookmaker, fixture.early_prices),) if fixture.early_prices else ()
    return MatchRecord(
        fixture_id=f"upcoming-{index + 1}",
        league=league,
        season=_season(fixture.kickoff),
        kickoff=fixture.kickoff,
        home_team=fixture.home_team,
        away_team=fixture.away_team,
        kickoff_time_known=fixture.kickoff_time_known,
        early_prices=prices,
    )


def _season(kickoff: datetime) -> str:
    start = kickoff.year if kickoff.month >= 7 else kickoff.year - 1
    return f"{start}-{start + 1}"
