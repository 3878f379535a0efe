"""What a backtest produces: every bet with its settlement and closing-line value, and every betting day."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class BetRecord:
    """One settled single: the decision (day, price, stake, the strategy's probability) and what came of it.

    `clv` is None when the fixture has no closing price (those bets are counted apart); `closing_source`
    names the bookmaker whose closing price made the fair probability (Pinnacle, else the market average).
    """

    league: str
    season: str
    day: date
    fixture_id: str
    home_team: str
    away_team: str
    market: str
    selection: str
    bookmaker: str
    odds: Decimal
    stake: Decimal
    probability: float
    expected_value: float
    payout: Decimal
    won: bool
    clv: float | None
    closing_source: str | None

    @property
    def profit(self) -> Decimal:
        return self.payout - self.stake


@dataclass(frozen=True, slots=True)
class DayRecord:
    """One betting day of one league-season: the bankroll at its start and end, what was staked."""

    league: str
    season: str
    day: date
    fixtures: int
    bets: int
    staked: Decimal
    start_balance: Decimal
    end_balance: Decimal

    @property
    def profit(self) -> Decimal:
        return self.end_balance - self.start_balance


@dataclass(frozen=True, slots=True)
class SeasonRun:
    """The outcome of one league-season: it starts with its own bankroll (so seasons can run apart)."""

    league: str
    season: str
    bankroll: Decimal
    bets: tuple[BetRecord, ...]
    days: tuple[DayRecord, ...]
    refused: int = 0
    model_fits: int = 0
    model_failures: tuple[str, ...] = ()


def season_run_to_json(run: SeasonRun) -> str:
    """A compact JSON text of a season run (bets as rows): what a worker hands back through Temporal."""
    bets = [
        [b.league, b.season, b.day.isoformat(), b.fixture_id, b.home_team, b.away_team, b.market, b.selection,
         b.bookmaker, str(b.odds), str(b.stake), b.probability, b.expected_value, str(b.payout), b.won, b.clv,
         b.closing_source]
        for b in run.bets
    ]  # fmt: skip
    days = [
        [d.league, d.season, d.day.isoformat(), d.fixtures, d.bets, str(d.staked), str(d.start_balance),
         str(d.end_balance)]
        for d in run.days
    ]  # fmt: skip
    return json.dumps({
        "league": run.league, "season": run.season, "bankroll": str(run.bankroll), "bets": bets, "days": days,
        "refused": run.refused, "model_fits": run.model_fits, "model_failures": list(run.model_failures),
    }, separators=(",", ":"))  # fmt: skip


def season_run_from_json(text: str) -> SeasonRun:
    data = json.loads(text)
    bets = tuple(
        BetRecord(b[0], b[1], date.fromisoformat(b[2]), b[3], b[4], b[5], b[6], b[7], b[8], Decimal(b[9]),
                  Decimal(b[10]), b[11], b[12], Decimal(b[13]), b[14], b[15], b[16])
        for b in data["bets"]
    )  # fmt: skip
    days = tuple(
        DayRecord(
            d[0], d[1], date.fromisoformat(d[2]), d[3], d[4], Decimal(d[5]), Decimal(d[6]), Decimal(d[7])
        )
        for d in data["days"]
    )
    return SeasonRun(data["league"], data["season"], Decimal(data["bankroll"]), bets, days, data["refused"],
                     data["model_fits"], tuple(data["model_failures"]))  # fmt: skip
