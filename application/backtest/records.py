"""What a backtest produces: every bet with its settlement and closing-line value, and every betting day."""

from __future__ import annotations

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
