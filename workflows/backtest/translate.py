"""A backtest request turned into the workflow's plan and back, a league-season into its use case's
request, and a season's run into its message — every field by keyword."""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Sequence

from application.backtest.engine import BacktestSettings, CustomerLimits, Staking
from application.backtest.records import SeasonRun, season_run_to_json
from application.portfolio.limits import PortfolioLimits
from application.use_cases.run_backtest import BacktestRequest, SeasonBacktestRequest, StrategyChoice
from domain.risk import MaxDrawdown
from workflows.backtest.messages import BacktestPlan, LeagueSeason, SeasonOutcome, SeasonsPlan, SeasonTask


def backtest_plan(request: BacktestRequest, data: str | None) -> BacktestPlan:
    settings, strategy = request.settings, request.strategy
    return BacktestPlan(
        leagues=request.leagues,
        first_season=request.first_season,
        last_season=request.last_season,
        strategy=strategy.name,
        parameters=json.dumps(strategy.parameters),
        model_parameters=json.dumps(strategy.model_parameters),
        staking=settings.staking.value,
        bankroll=settings.bankroll,
        bookmakers=tuple(sorted(settings.bookmakers)) if settings.bookmakers is not None else None,
        refit_days=settings.refit_days,
        max_legs=settings.limits.max_legs,
        max_stake=settings.customer.max_stake_per_ticket,
        monthly_loss_limit=settings.customer.monthly_loss_limit,
        max_drawdown=next((r.fraction for r in settings.risk_rules if isinstance(r, MaxDrawdown)), None),
        seed=settings.seed,
        data=data,
    )


def backtest_request(plan: BacktestPlan, store: bool = False) -> BacktestRequest:
    settings = BacktestSettings(
        staking=Staking(plan.staking),
        bankroll=plan.bankroll,
        bookmakers=frozenset(plan.bookmakers) if plan.bookmakers is not None else None,
        refit_days=plan.refit_days,
        limits=PortfolioLimits(max_legs=plan.max_legs),
        customer=CustomerLimits(
            max_stake_per_ticket=plan.max_stake, monthly_loss_limit=plan.monthly_loss_limit
        ),
        seed=plan.seed,
        risk_rules=(MaxDrawdown(fraction=plan.max_drawdown),) if plan.max_drawdown is not None else (),
    )
    strategy = StrategyChoice(
        name=plan.strategy,
        parameters=json.loads(plan.parameters),
        model_parameters=json.loads(plan.model_parameters),
    )
    return BacktestRequest(
        leagues=plan.leagues,
        first_season=plan.first_season,
        last_season=plan.last_season,
        strategy=strategy,
        settings=settings,
        store=store,
    )


def season_request(task: SeasonTask) -> SeasonBacktestRequest:
    request = backtest_request(task.plan)
    return SeasonBacktestRequest(
        league=task.unit.league,
        season=task.unit.season,
        strategy=request.strategy,
        settings=request.settings,
    )


def seasons_plan(found: Sequence[tuple[str, tuple[str, ...]]]) -> SeasonsPlan:
    """The league-seasons to replay: each league's seasons, league by league in the plan's order."""
    return SeasonsPlan(
        units=tuple(
            LeagueSeason(league=league, season=season) for league, seasons in found for season in seasons
        )
    )


def season_outcome(run: SeasonRun) -> SeasonOutcome:
    """One league-season's run as compact JSON, and the worker that ran it."""
    return SeasonOutcome(run=season_run_to_json(run), worker=f"{socket.gethostname()}/{os.getpid()}")
