"""Use case: score models walk-forward beside the market's early and closing prices."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from application.modelling.evaluation import STANDARD_MARKETS, Evaluation, MarketReference
from application.modelling.runs import resolve_models, scored_walk_forward, season_window, seasons_before
from application.modelling.walk_forward import DEFAULT_BLOCK_DAYS, WalkForwardPlan
from application.ports.match_history import MatchHistory
from application.ports.model_catalogue import ModelCatalogue
from application.ports.prediction_model import Parameters
from application.ports.progress import Progress
from domain.errors import InvalidModelInput


@dataclass(frozen=True, slots=True)
class EvaluateRequest:
    league: str
    first_season: str
    last_season: str
    models: tuple[str, ...]
    parameters: Mapping[str, Parameters] = field(default_factory=dict)
    warmup_seasons: int = 2
    refit_days: int | None = None
    block_days: int = DEFAULT_BLOCK_DAYS
    seed: int = 0
    extra_markets: tuple[MarketReference, ...] = ()


@dataclass(frozen=True, slots=True)
class EvaluateResponse:
    league: str
    seasons: tuple[str, ...]
    warmup_seasons: tuple[str, ...]
    models: tuple[str, ...]
    evaluation: Evaluation
    fits: Mapping[str, int]
    failures: Mapping[str, list[str]]
    data_versions: tuple[str, ...]


class EvaluateModels:
    """Walk-forward evaluation of models on a league's seasons.

    Rules: every forecast comes from a model fitted only on results known before the fixture (see
    application.modelling.walk_forward: blocks of a matchweek, refits on each model's cadence); the
    seasons before the first scored one are forecast too (warm-up, never scored) so stacking models have
    an out-of-sample history; every model and the market references market_early and market_closing are
    scored on exactly the same matches: played, priced early and at the close, forecast by every model.
    Closing prices are never a model input: they only appear as the market_closing reference row.
    """

    def __init__(self, history: MatchHistory, catalogue: ModelCatalogue, progress: Progress) -> None:
        self._history = history
        self._catalogue = catalogue
        self._progress = progress

    async def execute(self, request: EvaluateRequest) -> EvaluateResponse:
        if not request.models:
            raise InvalidModelInput("name at least one model to evaluate")
        history = await self._history.league(request.league)
        seasons = season_window(history.matches, request.first_season, request.last_season)
        warmup = seasons_before(history.matches, seasons[0], request.warmup_seasons)
        models = resolve_models(self._catalogue, request.models, request.parameters)
        plan = WalkForwardPlan(seasons, warmup, request.refit_days, request.block_days, request.seed)
        markets = (*STANDARD_MARKETS, *request.extra_markets)
        scored = scored_walk_forward(history.matches, models, request.models, plan, self._progress, markets)
        if not scored.evaluation.fixture_ids:
            raise InvalidModelInput(
                f"no match of {request.league} {seasons[0]} to {seasons[-1]} could be scored: none was "
                "played with early and closing prices and forecast by every model"
            )
        return EvaluateResponse(
            league=request.league,
            seasons=seasons,
            warmup_seasons=warmup,
            models=request.models,
            evaluation=scored.evaluation,
            fits=scored.run.fits,
            failures=scored.run.failures,
            data_versions=history.data_versions,
        )
