"""Use case: the champion's probabilities of every market beside every bookmaker's latest price, for each
fixture in the window; the predictions are stored, so the API serves what the pipeline decided on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from application.modelling.market_probabilities import (
    ONE_X_TWO_ONLY,
    MarketProbability,
    is_one_x_two_only,
    market_probabilities,
)
from application.modelling.records import MatchRecord
from application.modelling.registry import registry_name
from application.portfolio.selections import PricedSelection
from application.ports.latest_prices import LatestPrice, LatestPrices
from application.ports.match_history import MatchHistory
from application.ports.prediction_store import PredictionRow, PredictionStore
from application.use_cases.predict_fixtures import FixtureToPredict, PredictFixtures, PredictRequest
from application.use_cases.upcoming_fixtures import UpcomingWindow
from domain.odds import Odds

PriceKey = tuple[str, str, object, str]  # fixture, market, line, selection


@dataclass(frozen=True, slots=True)
class PriceUpcomingRequest:
    window: UpcomingWindow
    league: str
    model: str
    version: int
    not_bettable: frozenset[str] = frozenset()  # market aggregates such as "maximum" and "average"


@dataclass(frozen=True, slots=True)
class PricedFixture:
    fixture_id: str
    league: str
    kickoff: datetime
    home_team: str
    away_team: str
    probabilities: tuple[float, float, float]  # home, draw, away
    fallback: str | None
    markets: int = 0  # selections predicted and stored, every market kind
    note: str | None = None  # e.g. a 1X2-only model says so


@dataclass(frozen=True, slots=True)
class UpcomingPrices:
    fixtures: tuple[PricedFixture, ...]
    selections: tuple[PricedSelection, ...]


class PriceUpcomingFixtures:
    """Forecast a league's fixtures in the window with one model version and pair it with the prices.

    Rules:
    - the version is the one asked for (the pipeline names the champion it found, so a promotion in the
      middle of a run never mixes two models);
    - a fixture's features use only what was known before its kickoff (PredictFixtures' rule);
    - a goal model prices every market kind from its goal matrix; a 1X2 model prices 1X2 only, and the
      fixture says so; every probability is stored as that model version's prediction;
    - the prices are each bookmaker's latest price captured at or before the window's start (a closing
      price is never known before kickoff); market aggregates (not bookmakers one can bet with) are left
      out; a price of a selection the model does not price (another line) is left out;
    - each (fixture, selection, bookmaker) is one priced selection, with the fixture's stored id, the
      price's capture time and the model version, so a ticket can be settled and traced later.
    """

    def __init__(
        self,
        history: MatchHistory,
        predict: PredictFixtures,
        prices: LatestPrices,
        store: PredictionStore,
    ) -> None:
        self._history, self._predict, self._prices, self._store = history, predict, prices, store

    async def execute(self, request: PriceUpcomingRequest) -> UpcomingPrices:
        matches = request.window.fixtures((await self._history.league(request.league)).matches)
        if not matches:
            return UpcomingPrices((), ())
        fixtures = tuple(_to_predict(match) for match in matches)
        predicted = await self._predict.execute(
            PredictRequest(request.league, request.model, fixtures, request.version)
        )
        model = registry_name(request.model, request.league)
        probabilities: dict[PriceKey, float] = {}
        priced: list[PricedFixture] = []
        stored: list[PredictionRow] = []
        for match, prediction in zip(matches, predicted.predictions, strict=True):
            rows = market_probabilities(prediction.forecast, prediction.prices)
            priced.append(_priced(match, prediction.forecast.fallback, rows))
            for row in rows:
                probabilities[(match.fixture_id, row.market, row.line, row.selection)] = row.probability
                stored.append(PredictionRow(match.fixture_id, row.market, row.line, row.selection,
                                            row.probability))  # fmt: skip
        await self._store.store_predictions(model, request.version, stored)
        latest = await self._prices.latest([m.fixture_id for m in matches], request.window.as_of)
        leagues = {match.fixture_id: match.league for match in matches}
        selections: list[PricedSelection] = []
        for price in latest:
            probability = probabilities.get(_key(price))
            if price.bookmaker in request.not_bettable or probability is None or not 0.0 < probability < 1.0:
                continue  # an aggregate, a line the model does not price, or a certain outcome
            selections.append(
                _selection(price, leagues[price.fixture_id], probability, model, request.version)
            )
        return UpcomingPrices(tuple(priced), tuple(selections))


def _key(price: LatestPrice) -> PriceKey:
    return (price.fixture_id, price.market, price.line, price.selection)


def _to_predict(match: MatchRecord) -> FixtureToPredict:
    return FixtureToPredict(
        match.home_team, match.away_team, match.kickoff, match.kickoff_time_known, match.early()
    )


def _priced(match: MatchRecord, fallback: str | None, rows: tuple[MarketProbability, ...]) -> PricedFixture:
    kickoff = match.kickoff.replace(tzinfo=UTC)  # MatchRecord kickoffs are naive UTC
    home, draw, away = (row.probability for row in rows[:3])  # 1X2 comes first
    note = ONE_X_TWO_ONLY if is_one_x_two_only(rows) else None
    return PricedFixture(match.fixture_id, match.league, kickoff, match.home_team, match.away_team,
                         (home, draw, away), fallback, len(rows), note)  # fmt: skip


def _selection(
    price: LatestPrice, league: str, probability: float, model: str, version: int
) -> PricedSelection:
    return PricedSelection(price.fixture_id, league, price.market, price.selection, price.bookmaker,
                           Odds.from_decimal(price.price), probability, price.line, None, price.captured_at,
                           model, version)  # fmt: skip
