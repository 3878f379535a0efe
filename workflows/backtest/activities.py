"""The backtest workflow's activities: list the league-seasons, replay one league-season."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from temporalio import activity
from temporalio.exceptions import ApplicationError

from application.use_cases.run_backtest import RunSeasonBacktest
from domain.errors import DomainError
from workflows.backtest import names, translate
from workflows.backtest.messages import BacktestPlan, SeasonOutcome, SeasonsPlan, SeasonTask
from workflows.heartbeat import off_the_loop


@dataclass(frozen=True)
class BacktestUseCases:
    """`season_backtest(data)`: the use case reading that data path (None: the database), kept by the
    worker so each league's matches are read once."""

    season_backtest: Callable[[str | None], RunSeasonBacktest]


class BacktestActivities:
    """The backtest activities; the workflow calls them as methods (`BacktestActivities.season`)."""

    def __init__(self, use_cases: BacktestUseCases) -> None:
        self._use = use_cases

    def activities(self) -> list[Callable[..., object]]:
        return [self.seasons]

    def season_activities(self) -> list[Callable[..., object]]:
        """Registered on the season queue only (one at a time per worker)."""
        return [self.season]

    @activity.defn(name=names.SEASONS)
    async def seasons(self, plan: BacktestPlan) -> SeasonsPlan:
        use_case = self._use.season_backtest(plan.data)
        try:
            found = [
                (league, await use_case.seasons(league, plan.first_season, plan.last_season))
                for league in plan.leagues
            ]
        except DomainError as error:
            raise ApplicationError(str(error), type=type(error).__name__, non_retryable=True) from error
        return translate.seasons_plan(found)

    @activity.defn(name=names.SEASON)
    async def season(self, task: SeasonTask) -> SeasonOutcome:
        use_case, asked = self._use.season_backtest(task.plan.data), translate.season_request(task)
        try:
            run = await off_the_loop(lambda: use_case.execute(asked))
        except DomainError as error:
            raise ApplicationError(str(error), type=type(error).__name__, non_retryable=True) from error
        return translate.season_outcome(run)
