"""A backtest as one JSON document: what `--json` prints, what the backtests table stores, what the HTML
report is drawn from (so a stored run renders exactly as it did when it ran)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import datetime
from typing import TYPE_CHECKING, Any

from application.backtest.figures import Figures
from application.backtest.records import SeasonRun

if TYPE_CHECKING:
    from application.use_cases.run_backtest import BacktestRequest


def backtest_document(
    backtest_id: str | None,
    created_at: datetime,
    request: BacktestRequest,
    strategy_parameters: Mapping[str, Any],
    runs: Sequence[SeasonRun],
    found: Figures,
) -> dict[str, Any]:
    settings = request.settings
    headline = asdict(found)
    headline["yield"] = headline.pop("yield_")
    headline["roi_ci"] = list(found.roi_ci) if found.roi_ci else None
    return {
        "backtest_id": backtest_id,
        "created_at": created_at.isoformat(),
        "leagues": list(request.leagues),
        "first_season": request.first_season,
        "last_season": request.last_season,
        "strategy": request.strategy.name,
        "strategy_parameters": dict(strategy_parameters),
        "model_parameters": dict(request.strategy.model_parameters or {}),
        "staking": settings.staking.value,
        "bankroll": str(settings.bankroll),
        "refit_days": settings.refit_days,
        "bookmakers": sorted(settings.bookmakers) if settings.bookmakers is not None else None,
        **headline,
        "units": [
            {
                "league": run.league,
                "season": run.season,
                "bets": len(run.bets),
                "days": len(run.days),
                "refused": run.refused,
                "model_fits": run.model_fits,
                "model_failures": list(run.model_failures),
            }
            for run in runs
        ],
        "bet_list": [
            {
                "league": b.league,
                "season": b.season,
                "day": b.day.isoformat(),
                "fixture": b.fixture_id,
                "home": b.home_team,
                "away": b.away_team,
                "market": b.market,
                "selection": b.selection,
                "bookmaker": b.bookmaker,
                "odds": str(b.odds),
                "stake": str(b.stake),
                "payout": str(b.payout),
                "probability": b.probability,
                "expected_value": b.expected_value,
                "won": b.won,
                "clv": b.clv,
                "closing_source": b.closing_source,
            }
            for run in runs
            for b in run.bets
        ],
    }
