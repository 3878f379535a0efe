"""The figures of a backtest: returns with a bootstrap interval, drawdown, Sharpe, closing-line value.

Definitions (docs/backtest.md):
- turnover = the sum of stakes; profit = payouts − stakes; ROI = profit / turnover (per unit staked), with a
  95 % percentile bootstrap interval over bets (2,000 resamples, seeded); yield = profit / starting capital
  (the bankrolls of the league-seasons together);
- the bankroll curve is the starting capital plus the cumulative profit, day by day (the days of every
  league-season in date order); maximum drawdown = the largest fall from a peak of that curve, as a
  fraction of the peak; Sharpe = mean / standard deviation of the daily returns (a day's profit over the
  curve's value at its start), per betting day, not annualised;
- hit rate = share of bets won; average odds = mean price taken;
- CLV per bet = odds taken × fair closing probability − 1; bets without a closing price are counted apart
  (`without_close`) and left out of the CLV figures.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from application.backtest.records import BetRecord, DayRecord, SeasonRun

BOOTSTRAP_RESAMPLES = 2000
EDGE_BUCKETS = (
    (0.0, 0.02, "0-2 %"),
    (0.02, 0.05, "2-5 %"),
    (0.05, 0.10, "5-10 %"),
    (0.10, math.inf, "10 % +"),
)
CLV_BUCKETS = ((-math.inf, 0.0, "below 0"), (0.0, math.inf, "0 and above"))


@dataclass(frozen=True, slots=True)
class GroupFigures:
    """Figures of a group of bets (a season, a league, a market kind, an edge bucket)."""

    key: str
    bets: int
    staked: float
    profit: float
    roi: float | None
    hit_rate: float | None
    average_odds: float | None
    clv_mean: float | None
    clv_positive_share: float | None
    without_close: int


@dataclass(frozen=True, slots=True)
class CalibrationPoint:
    """Bets whose strategy probability fell in [low, high): their mean probability and the share won."""

    low: float
    high: float
    bets: int
    mean_probability: float
    won_share: float


@dataclass(frozen=True, slots=True)
class CurvePoint:
    day: str
    balance: float
    drawdown: float


@dataclass(frozen=True, slots=True)
class Figures:
    bets: int
    staked: float
    profit: float
    roi: float | None
    roi_ci: tuple[float, float] | None
    yield_: float
    capital: float
    max_drawdown: float
    sharpe: float | None
    hit_rate: float | None
    average_odds: float | None
    clv_mean: float | None
    clv_positive_share: float | None
    clv_bets: int
    without_close: int
    refused: int
    by_season: tuple[GroupFigures, ...]
    by_league: tuple[GroupFigures, ...]
    by_market: tuple[GroupFigures, ...]
    by_edge: tuple[GroupFigures, ...]
    calibration: tuple[CalibrationPoint, ...]
    curve: tuple[CurvePoint, ...]


def figures(runs: Sequence[SeasonRun], seed: int = 0) -> Figures:
    bets = [bet for run in runs for bet in run.bets]
    days = sorted((day for run in runs for day in run.days), key=lambda d: (d.day, d.league, d.season))
    capital = float(sum((run.bankroll for run in runs), Decimal(0)))
    overall = group("all", bets)
    curve, returns = _curve(days, capital)
    return Figures(
        bets=overall.bets,
        staked=overall.staked,
        profit=overall.profit,
        roi=overall.roi,
        roi_ci=bootstrap_roi(bets, seed),
        yield_=overall.profit / capital if capital else 0.0,
        capital=capital,
        max_drawdown=max((point.drawdown for point in curve), default=0.0),
        sharpe=_sharpe(returns),
        hit_rate=overall.hit_rate,
        average_odds=overall.average_odds,
        clv_mean=overall.clv_mean,
        clv_positive_share=overall.clv_positive_share,
        clv_bets=overall.bets - overall.without_close,
        without_close=overall.without_close,
        refused=sum(run.refused for run in runs),
        by_season=_grouped(bets, lambda bet: bet.season),
        by_league=_grouped(bets, lambda bet: bet.league),
        by_market=_grouped(bets, lambda bet: bet.market),
        by_edge=tuple(
            group(label, [b for b in bets if low <= b.expected_value < high])
            for low, high, label in EDGE_BUCKETS
        ),
        calibration=calibration(bets),
        curve=tuple(curve),
    )


def group(key: str, bets: Sequence[BetRecord]) -> GroupFigures:
    staked = float(sum((bet.stake for bet in bets), Decimal(0)))
    profit = float(sum((bet.profit for bet in bets), Decimal(0)))
    clvs = [bet.clv for bet in bets if bet.clv is not None]
    return GroupFigures(
        key=key,
        bets=len(bets),
        staked=staked,
        profit=profit,
        roi=profit / staked if staked else None,
        hit_rate=_mean(1.0 if bet.won else 0.0 for bet in bets),
        average_odds=_mean(float(bet.odds) for bet in bets),
        clv_mean=_mean(clvs),
        clv_positive_share=_mean(1.0 if clv > 0 else 0.0 for clv in clvs),
        without_close=len(bets) - len(clvs),
    )


def bootstrap_roi(bets: Sequence[BetRecord], seed: int = 0) -> tuple[float, float] | None:
    """The 2.5th and 97.5th percentiles of ROI over bets resampled with replacement."""
    if len(bets) < 2:
        return None
    stakes = [float(bet.stake) for bet in bets]
    profits = [float(bet.profit) for bet in bets]
    draw = random.Random(seed).randrange  # noqa: S311  a seeded, reproducible resample
    n = len(bets)
    rois = []
    for _ in range(BOOTSTRAP_RESAMPLES):
        picks = [draw(n) for _ in range(n)]
        staked = math.fsum(stakes[i] for i in picks)
        rois.append(math.fsum(profits[i] for i in picks) / staked)
    rois.sort()
    return rois[int(0.025 * (len(rois) - 1))], rois[math.ceil(0.975 * (len(rois) - 1))]


def calibration(bets: Sequence[BetRecord], width: float = 0.1) -> tuple[CalibrationPoint, ...]:
    bins: dict[int, list[BetRecord]] = {}
    for bet in bets:
        bins.setdefault(min(int(bet.probability / width), int(1 / width) - 1), []).append(bet)
    return tuple(
        CalibrationPoint(
            low=index * width,
            high=(index + 1) * width,
            bets=len(members),
            mean_probability=math.fsum(b.probability for b in members) / len(members),
            won_share=sum(b.won for b in members) / len(members),
        )
        for index, members in sorted(bins.items())
    )


def _grouped(bets: Sequence[BetRecord], key: Callable[[BetRecord], str]) -> tuple[GroupFigures, ...]:
    groups: dict[str, list[BetRecord]] = {}
    for bet in bets:
        groups.setdefault(key(bet), []).append(bet)
    return tuple(group(name, members) for name, members in sorted(groups.items()))


def _curve(days: Sequence[DayRecord], capital: float) -> tuple[list[CurvePoint], list[float]]:
    by_day: dict[str, float] = {}
    for day in days:
        by_day[day.day.isoformat()] = by_day.get(day.day.isoformat(), 0.0) + float(day.profit)
    balance = peak = capital
    points, returns = [], []
    for when, profit in sorted(by_day.items()):
        if balance > 0:
            returns.append(profit / balance)
        balance += profit
        peak = max(peak, balance)
        points.append(CurvePoint(when, balance, (peak - balance) / peak if peak > 0 else 0.0))
    return points, returns


def _sharpe(returns: Sequence[float]) -> float | None:
    if len(returns) < 2:
        return None
    mean = math.fsum(returns) / len(returns)
    variance = math.fsum((r - mean) ** 2 for r in returns) / (len(returns) - 1)
    return mean / math.sqrt(variance) if variance > 0 else None


def _mean(values: Iterable[float]) -> float | None:
    found = list(values)
    return math.fsum(found) / len(found) if found else None
