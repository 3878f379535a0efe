"""Use case: the live selections as the chosen strategy of each league sees them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from application.backtest.engine import MATCH_RESULT, OUTCOME_INDEX
from application.modelling.records import PriceTriple
from application.portfolio.selections import PricedSelection
from application.ports.betting_strategy import BettingStrategy, StrategyInput
from application.ports.strategy_catalogue import StrategyCatalogue
from application.use_cases.select_strategy import LeagueStrategy
from domain.edges import expected_value
from domain.errors import InvalidOdds

SELECTIONS = ("home", "draw", "away")


@dataclass(frozen=True, slots=True)
class ApplyStrategyRequest:
    selections: tuple[PricedSelection, ...]
    choices: tuple[LeagueStrategy, ...]


class ApplyStrategy:
    """Rules:
    - a league whose choice is no strategy bets nothing;
    - a league on the fallback (no backtest evidence) keeps the champion model's selections unchanged;
    - otherwise the strategy, with the parameters of the backtest that chose it, sees each fixture's 1X2
      prices by bookmaker and the model's 1X2 probabilities, exactly as in the backtest; its probability
      replaces the model's, only the bookmakers it takes remain, and its thresholds (minimum expected value
      at the row's price, minimum probability, maximum odds) apply; other markets were not backtested and
      are left out.
    """

    def __init__(self, strategies: StrategyCatalogue) -> None:
        self._strategies = strategies

    def execute(self, request: ApplyStrategyRequest) -> tuple[PricedSelection, ...]:
        by_league: dict[str, list[PricedSelection]] = defaultdict(list)
        for row in request.selections:
            by_league[row.competition].append(row)
        kept: list[PricedSelection] = []
        choices = {choice.league: choice for choice in request.choices}
        for league, rows in sorted(by_league.items()):
            choice = choices.get(league)
            if choice is None or choice.strategy is None:
                continue
            if choice.evidence is None:
                kept += rows
                continue
            strategy = self._strategies.create(choice.strategy, dict(choice.evidence.parameters))
            kept += _seen_by(strategy, rows)
        return tuple(kept)


def _seen_by(strategy: BettingStrategy, rows: Sequence[PricedSelection]) -> list[PricedSelection]:
    fixtures: dict[str, list[PricedSelection]] = defaultdict(list)
    for row in rows:
        if row.market == MATCH_RESULT and row.line is None and row.selection in OUTCOME_INDEX:
            fixtures[row.fixture].append(row)
    kept: list[PricedSelection] = []
    filters = strategy.filters
    for fixture, found in sorted(fixtures.items()):
        opinion = strategy.opinion(StrategyInput(fixture, _prices(found), _forecast(found)))
        if opinion is None:
            continue
        for row in found:
            if opinion.bookmakers is not None and row.bookmaker not in opinion.bookmakers:
                continue
            probability = opinion.probabilities[OUTCOME_INDEX[row.selection]]
            if probability < filters.min_probability or row.odds.decimal > filters.max_odds:
                continue
            if expected_value(probability, row.odds) > filters.min_expected_value:
                kept.append(replace(row, probability=probability))
    return kept


def _prices(rows: Sequence[PricedSelection]) -> Mapping[str, PriceTriple]:
    books: dict[str, dict[str, float]] = defaultdict(dict)
    for row in rows:
        books[row.bookmaker][row.selection] = float(row.odds.decimal)
    prices = {}
    for bookmaker, odds in books.items():
        if all(selection in odds for selection in SELECTIONS):
            try:
                prices[bookmaker] = PriceTriple(odds["home"], odds["draw"], odds["away"])
            except InvalidOdds:
                continue
    return prices


def _forecast(rows: Sequence[PricedSelection]) -> tuple[float, float, float] | None:
    found = {row.selection: row.probability for row in rows}
    if not all(selection in found for selection in SELECTIONS):
        return None
    total = found["home"] + found["draw"] + found["away"]
    if total <= 0:
        return None
    return found["home"] / total, found["draw"] / total, found["away"] / total
