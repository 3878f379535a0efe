"""What the model use cases share: seasons of a league, models with their components, a scored run."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from application.modelling.evaluation import STANDARD_MARKETS, Evaluation, MarketReference, evaluate
from application.modelling.features.builder import build_features
from application.modelling.records import MatchRecord
from application.modelling.walk_forward import WalkForwardPlan, WalkForwardRun, walk_forward
from application.ports.model_catalogue import ModelCatalogue
from application.ports.prediction_model import Parameters, PredictionModel
from application.ports.progress import Progress
from domain.errors import InvalidModelInput

SEASON = re.compile(r"^\d{4}-\d{4}$")


def checked_season(season: str, what: str = "season") -> str:
    if not SEASON.match(season) or int(season[5:]) != int(season[:4]) + 1:
        raise InvalidModelInput(f"invalid {what} {season!r}: write seasons as YYYY-YYYY, e.g. 2015-2016")
    return season


def league_seasons(matches: Sequence[MatchRecord]) -> list[str]:
    return sorted({m.season for m in matches})


def season_window(matches: Sequence[MatchRecord], first: str, last: str) -> tuple[str, ...]:
    """The league's seasons from first to last inclusive; an error names a window with none."""
    checked_season(first, "first season")
    checked_season(last, "last season")
    if first > last:
        raise InvalidModelInput(f"invalid seasons {first}:{last}: the first comes after the last")
    seasons = tuple(s for s in league_seasons(matches) if first <= s <= last)
    if not seasons:
        known = league_seasons(matches)
        raise InvalidModelInput(
            f"no season between {first} and {last} in the data (it holds {known[0]} to {known[-1]})"
        )
    return seasons


def seasons_before(matches: Sequence[MatchRecord], season: str, count: int) -> tuple[str, ...]:
    earlier = [s for s in league_seasons(matches) if s < season]
    return tuple(earlier[-count:]) if count > 0 else ()


def priced_and_played(match: MatchRecord) -> bool:
    """A match that can be scored beside both market references."""
    return match.played and match.early() is not None and match.closing() is not None


def resolve_models(
    catalogue: ModelCatalogue, names: Sequence[str], parameters: Mapping[str, Parameters] | None = None
) -> dict[str, PredictionModel]:
    """The models asked for and, recursively, the components they stack (default parameters unless given)."""
    given = parameters or {}
    models: dict[str, PredictionModel] = {}
    pending = list(names)
    while pending:
        name = pending.pop(0)
        if name not in models:
            models[name] = catalogue.create(name, given.get(name))
            pending += list(models[name].components)
    return models


@dataclass(frozen=True, slots=True)
class ScoredRun:
    run: WalkForwardRun
    evaluation: Evaluation


def scored_walk_forward(
    matches: Sequence[MatchRecord],
    models: Mapping[str, PredictionModel],
    scored: Sequence[str],
    plan: WalkForwardPlan,
    progress: Progress,
    markets: Sequence[MarketReference] = STANDARD_MARKETS,
) -> ScoredRun:
    run = walk_forward(matches, build_features(matches), models, plan, priced_and_played, progress)
    return ScoredRun(run, evaluate(run, plan.seasons, scored, markets))
