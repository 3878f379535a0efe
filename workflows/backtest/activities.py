"""The backtest workflow's activities: list the league-seasons, replay one league-season."""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass

from temporalio import activity
from temporalio.exceptions import ApplicationError

from application.backtest.engine import BacktestSettings, CustomerLimits, Staking
from application.backtest.records import season_run_to_json
from application.portfolio.limits import PortfolioLimits
from application.use_cases.run_backtest import (
    BacktestRequest,
    RunSeasonBacktest,
    SeasonBacktestRequest,
    StrategyChoice,
)
from domain.errors import DomainError
from domain.risk import MaxDrawdown
from workflows.backtest import names
from workflows.backtest.messages import BacktestPlan, LeagueSeason, SeasonOutcome, SeasonsPlan, SeasonTask
from workflows.heartbeat import off_the_loop


@dataclass(frozen=True)
class BacktestUseCases:
    """`season_backtest(data)`: the use case reading that data path (None: the database), kept by the
    worker so each league's matches are read once."""

    season_backtest: Callable[[str | None], RunSeasonBacktest]


class BacktestActivities:
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
        units: list[LeagueSeason] = []
        try:
            for league in plan.leagues:
                found = await use_case.seasons(league, plan.first_season, plan.last_season)
                units += [LeagueSeason(league, season) for season in found]
        except DomainError as error:
            raise ApplicationError(str(error), type=type(error).__name__, non_retryable=True) from error
        return SeasonsPlan(tuple(units))

    @activity.defn(name=names.SEASON)
    async def season(self, task: SeasonTask) -> SeasonOutcome:
        use_case = self._use.season_backtest(task.plan.data)
        request = backtest_request(task.plan)
        asked = SeasonBacktestRequest(task.unit.league, task.unit.season, request.strategy, request.settings)
        try:
            run = await off_the_loop(lambda: use_case.execute(asked))
        except DomainError as error:
            raise ApplicationError(str(error), type=type(error).__name__, non_retryable=True) from error
        return SeasonOutcome(season_run_to_json(run), f"{socket.gethostname()}/{os.getpid()}")


def backtest_plan(request: BacktestRequest, data: str | None) -> BacktestPlan:
    settings, strategy = request.settings, request.strategy
    return BacktestPlan(
        leagues=request.leagues, first_season=request.first_season, last_season=request.last_season,
        strategy=strategy.name, parameters=json.dumps(strategy.parameters),
        model_parameters=json.dumps(strategy.model_parameters), staking=settings.staking.value,
        bankroll=settings.bankroll,
        bookmakers=tuple(sorted(settings.bookmakers)) if settings.bookmakers is not None else None,
        refit_days=settings.refit_days, max_legs=settings.limits.max_legs,
        max_stake=settings.customer.max_stake_per_ticket,
        monthly_loss_limit=settings.customer.monthly_loss_limit,
        max_drawdown=next((r.fraction for r in settings.risk_rules if isinstance(r, MaxDrawdown)), None),
        seed=settings.seed, data=data,
    )  # fmt: skip


def backtest_request(plan: BacktestPlan, store: bool = False) -> BacktestRequest:
    settings = BacktestSettings(
        staking=Staking(plan.staking), bankroll=plan.bankroll,
        bookmakers=frozenset(plan.bookmakers) if plan.bookmakers is not None else None,
        refit_days=plan.refit_days, limits=PortfolioLimits(max_legs=plan.max_legs),
        customer=CustomerLimits(plan.max_stake, plan.monthly_loss_limit), seed=plan.seed,
        risk_rules=(MaxDrawdown(plan.max_drawdown),) if plan.max_drawdown is not None else (),
    )  # fmt: skip
    strategy = StrategyChoice(plan.strategy, json.loads(plan.parameters), json.loads(plan.model_parameters))
    return BacktestRequest(plan.leagues, plan.first_season, plan.last_season, strategy, settings, store)
