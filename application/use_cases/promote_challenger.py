"""Use case: the champion/challenger rule: promote the latest challenger only if it beats the champion."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from application.errors import NotFound
from application.modelling.records import MatchRecord
from application.modelling.registry import PromotionDecision, RegisteredModel, registry_name
from application.modelling.runs import league_seasons, priced_and_played, resolve_models, scored_walk_forward
from application.modelling.walk_forward import WalkForwardPlan
from application.ports.clock import Clock
from application.ports.match_history import MatchHistory
from application.ports.model_catalogue import ModelCatalogue
from application.ports.model_registry import ModelRegistry
from application.ports.prediction_model import Forecast
from application.ports.progress import Progress
from domain.errors import InvalidModelInput
from domain.scoring import ranked_probability_score

DEFAULT_SEASONS = 3
DEFAULT_MARGIN = 0.0005
METRIC = "rps"


@dataclass(frozen=True, slots=True)
class PromoteRequest:
    league: str
    model: str
    seasons: int = DEFAULT_SEASONS
    margin: float = DEFAULT_MARGIN
    seed: int = 0


class PromoteChallenger:
    """Decide whether the latest challenger of model/league replaces its champion, and record why.

    Rules: challenger and champion are both scored walk-forward (their own parameters, refitted on the
    past only) over the league's last `seasons` seasons with priced results, on exactly the same matches;
    the challenger is promoted only when its RPS is below the champion's by at least `margin`; with no
    champion yet, the challenger is promoted (and scored for the record). Every decision, promotion or
    not, is recorded with both scores; a promotion retires the previous champion in the same step.
    """

    def __init__(
        self,
        history: MatchHistory,
        catalogue: ModelCatalogue,
        registry: ModelRegistry,
        clock: Clock,
        progress: Progress,
    ) -> None:
        self._history = history
        self._catalogue = catalogue
        self._registry = registry
        self._clock = clock
        self._progress = progress

    async def execute(self, request: PromoteRequest) -> PromotionDecision:
        if request.seasons < 1 or request.margin < 0.0:
            raise InvalidModelInput("promotion needs at least 1 season and a margin of at least 0")
        name = registry_name(request.model, request.league)
        challenger = await self._registry.latest_challenger(name)
        if challenger is None:
            raise NotFound("challenger", f"{name} (train one with `stakewise train`)")
        champion = await self._registry.champion(name)
        history = await self._history.league(request.league)
        seasons = _last_seasons(history.matches, request.seasons)
        contenders = [challenger] if champion is None else [challenger, champion]
        scores = self._scores(history.matches, seasons, contenders, request.seed)
        decision = _decide(name, challenger, champion, scores, request, seasons, self._clock)
        await self._registry.record_decision(decision)
        return decision

    def _scores(
        self,
        matches: Sequence[MatchRecord],
        seasons: tuple[str, ...],
        contenders: list[RegisteredModel],
        seed: int,
    ) -> tuple[dict[int, float], int]:
        """Each contender's RPS on the matches every contender forecast."""
        runs = []
        for contender in contenders:
            models = resolve_models(
                self._catalogue, [contender.model], {contender.model: contender.parameters}
            )
            plan = WalkForwardPlan(seasons, _warmup(matches, seasons[0]), seed=seed)
            runs.append(scored_walk_forward(matches, models, [contender.model], plan, self._progress))
        common = set.intersection(*(set(run.evaluation.fixture_ids) for run in runs))
        if not common:
            raise InvalidModelInput("challenger and champion have no scored match in common")
        rps: dict[int, float] = {}
        for contender, run in zip(contenders, runs, strict=True):
            per_match = run.run.forecasts[contender.model]
            rps[contender.version] = _mean_rps(
                per_match, [m for m in run.run.fixtures if m.fixture_id in common]
            )
        return rps, len(common)


def _decide(
    name: str,
    challenger: RegisteredModel,
    champion: RegisteredModel | None,
    scores: tuple[dict[int, float], int],
    request: PromoteRequest,
    seasons: tuple[str, ...],
    clock: Clock,
) -> PromotionDecision:
    rps, count = scores
    challenger_rps = rps[challenger.version]
    champion_rps = rps[champion.version] if champion else None
    if champion_rps is None:
        promoted, reason = True, "no champion yet"
    elif challenger_rps <= champion_rps - request.margin:
        promoted, reason = (
            True,
            f"RPS {challenger_rps:.5f} beats {champion_rps:.5f} by at least {request.margin}",
        )
    else:
        promoted, reason = (
            False,
            f"RPS {challenger_rps:.5f} does not beat {champion_rps:.5f} by {request.margin}",
        )
    return PromotionDecision(
        name=name,
        challenger_version=challenger.version,
        champion_version=champion.version if champion else None,
        promoted=promoted,
        reason=reason,
        metric=METRIC,
        challenger_score=challenger_rps,
        champion_score=champion_rps,
        margin=request.margin,
        seasons=seasons,
        n_matches=count,
        decided_at=clock.now(),
    )


def _last_seasons(matches: Sequence[MatchRecord], count: int) -> tuple[str, ...]:
    scored = league_seasons([m for m in matches if priced_and_played(m)])
    if not scored:
        raise InvalidModelInput("the league has no played match with early and closing prices to score on")
    return tuple(scored[-count:])


def _warmup(matches: Sequence[MatchRecord], first: str) -> tuple[str, ...]:
    return tuple(s for s in league_seasons(matches) if s < first)[-2:]


def _mean_rps(forecasts: Mapping[str, Forecast], matches: Sequence[MatchRecord]) -> float:
    values = [ranked_probability_score(forecasts[m.fixture_id].probabilities, m.outcome) for m in matches]
    return sum(values) / len(values)
