"""Use case: the champion's probability beside every bookmaker's price, for each fixture in the window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from application.modelling.records import MatchRecord
from application.portfolio.selections import PricedSelection
from application.ports.match_history import MatchHistory
from application.use_cases.predict_fixtures import FixtureToPredict, PredictFixtures, PredictRequest
from application.use_cases.upcoming_fixtures import UpcomingWindow
from domain.odds import Odds

MATCH_RESULT = "1x2"
OUTCOMES = ("home", "draw", "away")


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
    - the prices are the early (pre-match) 1X2 prices of every bookmaker; closing prices are never used,
      since they are not known before kickoff; market aggregates (not bookmakers one can bet with) are
      left out;
    - each (fixture, outcome, bookmaker) is one priced selection, with the fixture's stored id, so a ticket
      can later be settled against the fixture's result.
    """

    def __init__(self, history: MatchHistory, predict: PredictFixtures) -> None:
        self._history, self._predict = history, predict

    async def execute(self, request: PriceUpcomingRequest) -> UpcomingPrices:
        matches = request.window.fixtures((await self._history.league(request.league)).matches)
        if not matches:
            return UpcomingPrices((), ())
        fixtures = tuple(_to_predict(match) for match in matches)
        predicted = await self._predict.execute(
            PredictRequest(request.league, request.model, fixtures, request.version)
        )
        priced: list[PricedFixture] = []
        selections: list[PricedSelection] = []
        for match, prediction in zip(matches, predicted.predictions, strict=True):
            forecast = prediction.forecast
            probabilities = (forecast.home, forecast.draw, forecast.away)
            priced.append(_priced(match, probabilities, forecast.fallback))
            selections += _selections(match, probabilities, request.not_bettable)
        return UpcomingPrices(tuple(priced), tuple(selections))


def _to_predict(match: MatchRecord) -> FixtureToPredict:
    return FixtureToPredict(
        match.home_team, match.away_team, match.kickoff, match.kickoff_time_known, match.early()
    )


def _priced(
    match: MatchRecord, probabilities: tuple[float, float, float], fallback: str | None
) -> PricedFixture:
    kickoff = match.kickoff.replace(tzinfo=UTC)  # MatchRecord kickoffs are naive UTC
    return PricedFixture(
        match.fixture_id, match.league, kickoff, match.home_team, match.away_team, probabilities, fallback
    )


def _selections(
    match: MatchRecord, probabilities: tuple[float, float, float], not_bettable: frozenset[str]
) -> list[PricedSelection]:
    rows: list[PricedSelection] = []
    for bookmaker, prices in match.early_prices:
        if bookmaker in not_bettable:
            continue
        odds = (prices.home, prices.draw, prices.away)
        for selection, probability, price in zip(OUTCOMES, probabilities, odds, strict=True):
            quoted = Odds.from_decimal(Decimal(repr(price)))
            row = PricedSelection(
                match.fixture_id, match.league, MATCH_RESULT, selection, bookmaker, quoted, probability
            )
            rows.append(row)
    return rows
