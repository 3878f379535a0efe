"""The pipeline's strategy step: which strategy bets in each league (by backtest CLV), and the selections
as that strategy sees them. A step of its own, between predicting and finding edges."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from temporalio import activity

from application.use_cases.apply_strategy import ApplyStrategy, ApplyStrategyRequest
from application.use_cases.select_strategy import SelectStrategy
from workflows.pipeline import translate
from workflows.pipeline.messages import StrategyDecision, StrategyRequest

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
        rows = translate.priced_selections(request.selections)
        kept = self._use.apply_strategy().execute(ApplyStrategyRequest(selections=rows, choices=choices))
        return StrategyDecision(
            leagues=tuple(translate.strategy_choice(choice) for choice in choices),
            selections=tuple(translate.selection_of(row) for row in kept),
        )
