"""The pipeline's strategy step: which strategy bets in each league (by backtest CLV), and the selections
as that strategy sees them. A step of its own, between predicting and finding edges."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from temporalio import activity

from application.use_cases.apply_strategy import ApplyStrategy, ApplyStrategyRequest
from application.use_cases.select_strategy import LeagueStrategy, SelectStrategy
from workflows.pipeline.activities import priced_selection as _priced
from workflows.pipeline.activities import selection_of as _selection
from workflows.pipeline.messages import LeagueStrategyChoice, StrategyDecision, StrategyRequest

STRATEGY = "pipeline.strategy"


@dataclass(frozen=True)
class StrategyUseCases:
    select_strategy: Callable[[], SelectStrategy]
    apply_strategy: Callable[[], ApplyStrategy]


class StrategyActivities:
    def __init__(self, use_cases: StrategyUseCases) -> None:
        self._use = use_cases

    def activities(self) -> list[Callable[..., object]]:
        return [self.strategy]

    @activity.defn(name=STRATEGY)
    async def strategy(self, request: StrategyRequest) -> StrategyDecision:
        leagues = sorted({selection.competition for selection in request.selections})
        choices = await self._use.select_strategy().execute(leagues)
        rows = tuple(_priced(selection) for selection in request.selections)
        kept = self._use.apply_strategy().execute(ApplyStrategyRequest(rows, choices))
        return StrategyDecision(
            tuple(_choice(choice) for choice in choices), tuple(_selection(r) for r in kept)
        )


def _choice(choice: LeagueStrategy) -> LeagueStrategyChoice:
    evidence = choice.evidence
    if evidence is None:
        return LeagueStrategyChoice(choice.league, choice.strategy, choice.reason)
    return LeagueStrategyChoice(
        choice.league, choice.strategy, choice.reason, evidence.backtest_id, evidence.first_season,
        evidence.last_season, evidence.bets, evidence.roi, evidence.clv_mean, evidence.clv_positive_share,
    )  # fmt: skip
