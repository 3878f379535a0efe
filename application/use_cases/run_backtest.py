"""Use cases: backtest a strategy over league-seasons, one league-season at a time or all of them."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from application.backtest.document import backtest_document
from application.backtest.engine import BacktestSettings, SeasonBacktest
from application.backtest.figures import Figures, figures
from application.backtest.records import SeasonRun
from application.modelling.features.builder import build_features
from application.modelling.features.row import FeatureRow
from application.modelling.records import MatchRecord
from application.modelling.runs import resolve_models, season_window
from application.ports.backtest_store import BacktestStore, StoredBacktest
from application.ports.clock import Clock
from application.ports.match_history import LeagueHistory, MatchHistory
from application.ports.model_catalogue import ModelCatalogue
from application.ports.prediction_model import Parameters
from application.ports.progress import Progress, SilentProgress
from application.ports.strategy_catalogue import StrategyCatalogue
from application.use_cases.optimize_portfolio import OptimizePortfolio
from domain.errors import DomainError

DEFAULT_STRATEGY = "market-consensus"


@dataclass(frozen=True, slots=True)
class StrategyChoice:
    """A strategy by name with its parameters, and the parameters of the model it needs (if any)."""

    name: str = DEFAULT_STRATEGY
    parameters: Parameters | None = None
    model_parameters: Parameters | None = None


@dataclass(frozen=True, slots=True)
class SeasonBacktestRequest:
    league: str
    season: str
    strategy: StrategyChoice = field(default_factory=StrategyChoice)
    settings: BacktestSettings = field(default_factory=BacktestSettings)


@dataclass(frozen=True, slots=True)
class BacktestRequest:
    leagues: tuple[str, ...]
    first_season: str
    last_season: str
    strategy: StrategyChoice = field(default_factory=StrategyChoice)
    settings: BacktestSettings = field(default_factory=BacktestSettings)
    store: bool = False


@dataclass(frozen=True, slots=True)
class BacktestReport:
    backtest_id: str | None
    created_at: datetime
    request: BacktestRequest
    strategy_parameters: Mapping[str, object]
    runs: tuple[SeasonRun, ...]
    figures: Figures
    document: Mapping[str, object]


class _Leagues:
    """Each league's matches and features, read once per process (workers run many seasons of a league)."""

    def __init__(self, history: MatchHistory) -> None:
        self._history = history
        self._leagues: dict[str, LeagueHistory] = {}
        self._features: dict[str, Mapping[str, FeatureRow]] = {}

    async def matches(self, league: str) -> Sequence[MatchRecord]:
        if league not in self._leagues:
            self._leagues[league] = await self._history.league(league)
        return self._leagues[league].matches

    async def features(self, league: str) -> Mapping[str, FeatureRow]:
        if league not in self._features:
            self._features[league] = build_features(await self.matches(league))
        return self._features[league]


class RunSeasonBacktest:
    """Replay one league-season (application.backtest.engine gives the rules). Each league-season starts
    with the settings' bankroll, so the seasons of a backtest can run on different workers."""

    def __init__(
        self,
        history: MatchHistory,
        strategies: StrategyCatalogue,
        models: ModelCatalogue,
        optimize: OptimizePortfolio,
        progress: Progress | None = None,
    ) -> None:
        self._leagues = _Leagues(history)
        self._strategies, self._models = strategies, models
        self._engine = SeasonBacktest(optimize)
        self._progress = progress or SilentProgress()

    async def seasons(self, league: str, first: str, last: str) -> tuple[str, ...]:
        return season_window(await self._leagues.matches(league), first, last)

    async def execute(self, request: SeasonBacktestRequest) -> SeasonRun:
        choice = request.strategy
        strategy = self._strategies.create(choice.name, choice.parameters)
        matches = await self._leagues.matches(request.league)
        models = {}
        features: Mapping[str, FeatureRow] = {}
        if strategy.model is not None:
            given = {strategy.model: choice.model_parameters} if choice.model_parameters else {}
            models = resolve_models(self._models, [strategy.model], given)
            features = await self._leagues.features(request.league)
        return self._engine.run(
            matches, features, request.season, strategy, models, request.settings, self._progress
        )


class RunBacktest:
    """Backtest a strategy on every season of each league from first to last, in this process.

    Rules: the strategy and its parameters are checked before anything runs (an unknown name or parameter
    is refused); every league-season is replayed by RunSeasonBacktest; the figures cover all of them; with
    `store` the run is saved whole (figures and every bet) in the backtests table.
    """

    def __init__(
        self, seasons: RunSeasonBacktest, strategies: StrategyCatalogue, finish: FinishBacktest
    ) -> None:
        self._seasons, self._strategies, self._finish = seasons, strategies, finish

    async def execute(self, request: BacktestRequest) -> BacktestReport:
        if not request.leagues:
            raise DomainError("name at least one league to backtest")
        self._strategies.create(request.strategy.name, request.strategy.parameters)
        runs = []
        for league in request.leagues:
            for season in await self._seasons.seasons(league, request.first_season, request.last_season):
                asked = SeasonBacktestRequest(league, season, request.strategy, request.settings)
                runs.append(await self._seasons.execute(asked))
        return await self._finish.execute(request, runs)


class FinishBacktest:
    """The figures of the league-seasons run, the report document, and (with `store`) the stored run."""

    def __init__(self, strategies: StrategyCatalogue, clock: Clock, store: BacktestStore | None) -> None:
        self._strategies, self._clock, self._store = strategies, clock, store

    async def execute(self, request: BacktestRequest, runs: Sequence[SeasonRun]) -> BacktestReport:
        if request.store and self._store is None:
            raise DomainError("this backtest cannot be stored: no backtest store is configured")
        strategy = self._strategies.create(request.strategy.name, request.strategy.parameters)
        ordered = tuple(sorted(runs, key=lambda run: (run.league, run.season)))
        found = figures(ordered, request.settings.seed)
        backtest_id = str(uuid.uuid4()) if request.store else None
        created = self._clock.now()
        document = backtest_document(backtest_id, created, request, dict(strategy.parameters), ordered, found)
        if request.store and self._store is not None and backtest_id is not None:
            await self._store.save(StoredBacktest(
                backtest_id, created, request.leagues, request.first_season, request.last_season,
                request.strategy.name, request.settings.staking.value, found.bets, found.roi, found.clv_mean,
                found.clv_positive_share, document,
            ))  # fmt: skip
        return BacktestReport(
            backtest_id, created, request, dict(strategy.parameters), ordered, found, document
        )
