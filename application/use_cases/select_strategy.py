"""Use case: the strategy the live pipeline bets with in each league, chosen by backtest CLV."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from application.ports.backtest_store import BacktestStore, StoredBacktest

FALLBACK_STRATEGY = "model-edge"


@dataclass(frozen=True, slots=True)
class StrategyEvidence:
    """The stored backtest a choice rests on, and the parameters the strategy ran with there."""

    backtest_id: str
    strategy: str
    first_season: str
    last_season: str
    bets: int
    roi: float | None
    clv_mean: float
    clv_positive_share: float | None
    parameters: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class LeagueStrategy:
    """`strategy` None: nothing is bet in the league (`reason` says why)."""

    league: str
    strategy: str | None
    reason: str
    evidence: StrategyEvidence | None = None


class SelectStrategy:
    """Champion/challenger for strategies, decided by closing-line value.

    Rules, per league:
    - the evidence is the stored backtests covering the league (`stakewise backtest --store`) that end
      with the latest season any of them reaches, the newest run of each strategy;
    - the strategy with the highest mean CLV is chosen (ties: the higher share of bets with CLV > 0);
    - when even that one has a negative mean CLV, nothing is bet in the league, and the reason says so;
    - a league without any stored backtest keeps the champion model's edge (`model-edge`, the pipeline's
      behaviour before backtests existed), and the reason says there is no evidence.
    """

    def __init__(self, store: BacktestStore) -> None:
        self._store = store

    async def execute(self, leagues: Sequence[str]) -> tuple[LeagueStrategy, ...]:
        return tuple([await self._choose(league) for league in sorted(set(leagues))])

    async def _choose(self, league: str) -> LeagueStrategy:
        runs = [run for run in await self._store.for_league(league) if run.clv_mean is not None]
        if not runs:
            reason = (
                f"no stored backtest of {league}: the champion model's edge ({FALLBACK_STRATEGY}) as before; "
                f"store one with `stakewise backtest --league {league} --store`"
            )
            return LeagueStrategy(league, FALLBACK_STRATEGY, reason)
        latest = max(run.last_season for run in runs)
        newest: dict[str, StoredBacktest] = {}
        for run in runs:  # newest first
            if run.last_season == latest:
                newest.setdefault(run.strategy, run)
        best = max(
            newest.values(), key=lambda r: (r.clv_mean or 0.0, r.clv_positive_share or 0.0, r.strategy)
        )
        evidence = _evidence(best)
        figures = f"mean CLV {evidence.clv_mean:+.2%} over {best.bets} bets, {best.first_season} to {latest}"
        if evidence.clv_mean < 0:
            reason = (
                f"nothing is bet in {league}: every backtested strategy ({', '.join(sorted(newest))}) has a "
                f"negative mean CLV; the best, {best.strategy}, has {figures}"
            )
            return LeagueStrategy(league, None, reason, evidence)
        compared = f"{len(newest)} strateg{'y' if len(newest) == 1 else 'ies'} compared"
        reason = f"{best.strategy} has the best backtest CLV on {league} ({figures}; {compared})"
        return LeagueStrategy(league, best.strategy, reason, evidence)


def _evidence(run: StoredBacktest) -> StrategyEvidence:
    parameters = run.document.get("strategy_parameters", {})
    return StrategyEvidence(
        backtest_id=run.backtest_id, strategy=run.strategy, first_season=run.first_season,
        last_season=run.last_season, bets=run.bets, roi=run.roi, clv_mean=float(run.clv_mean or 0.0),
        clv_positive_share=run.clv_positive_share,
        parameters=parameters if isinstance(parameters, Mapping) else {},
    )  # fmt: skip
