"""What the backtest workflow and its activities hand each other (stored in the workflow's history)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from workflows.tuning import Tuning


@dataclass(frozen=True)
class BacktestPlan:
    """A backtest request as plain values; parameters are JSON texts. `data` is a path every worker reads
    (football-data files), or None for the database."""

    leagues: tuple[str, ...]
    first_season: str
    last_season: str
    strategy: str
    parameters: str = "null"
    model_parameters: str = "null"
    staking: str = "optimizer"
    bankroll: Decimal = Decimal(1000)
    bookmakers: tuple[str, ...] | None = None
    refit_days: int | None = None
    max_legs: int = 1
    max_stake: Decimal | None = None
    monthly_loss_limit: Decimal | None = None
    max_drawdown: Decimal | None = None
    seed: int = 0
    data: str | None = None


@dataclass(frozen=True)
class BacktestInput:
    plan: BacktestPlan
    tuning: Tuning = field(default_factory=Tuning)


@dataclass(frozen=True)
class LeagueSeason:
    league: str
    season: str


@dataclass(frozen=True)
class SeasonsPlan:
    units: tuple[LeagueSeason, ...]


@dataclass(frozen=True)
class SeasonTask:
    plan: BacktestPlan
    unit: LeagueSeason


@dataclass(frozen=True)
class SeasonOutcome:
    """One league-season's run as compact JSON (application.backtest.records.season_run_to_json)."""

    run: str
    worker: str


@dataclass(frozen=True)
class BacktestOutcome:
    seasons: tuple[SeasonOutcome, ...]
