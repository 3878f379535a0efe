"""Backtest figures on hand-made bets: ROI and its interval, drawdown, CLV counted apart without a close."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from application.backtest.figures import figures
from application.backtest.records import BetRecord, DayRecord, SeasonRun


def _bet(day: int, odds: str, won: bool, clv: float | None, ev: float = 0.01) -> BetRecord:
    stake = Decimal(10)
    payout = stake * Decimal(odds) if won else Decimal(0)
    source = "pinnacle" if clv is not None else None
    return BetRecord("E0", "2020-2021", date(2020, 9, day), f"f{day}", "A", "B", "1x2", "home", "bet365",
                     Decimal(odds), stake, 0.5, ev, payout, won, clv, source)  # fmt: skip


def _run(bets: list[BetRecord]) -> SeasonRun:
    days, balance = [], Decimal(100)
    for bet in bets:
        days.append(DayRecord("E0", "2020-2021", bet.day, 1, 1, bet.stake, balance, balance + bet.profit))
        balance += bet.profit
    return SeasonRun("E0", "2020-2021", Decimal(100), tuple(bets), tuple(days))


def test_roi_drawdown_and_clv_of_known_bets() -> None:
    bets = [_bet(1, "2.0", True, 0.02), _bet(2, "2.0", False, -0.01), _bet(3, "3.0", False, 0.03),
            _bet(4, "2.5", True, None, ev=0.07)]  # fmt: skip
    found = figures([_run(bets)])
    assert found.bets == 4
    assert found.staked == 40.0
    assert found.profit == pytest.approx(10 - 10 - 10 + 15)
    assert found.roi == pytest.approx(5 / 40)
    assert found.yield_ == pytest.approx(5 / 100)
    assert found.max_drawdown == pytest.approx(20 / 110)  # 110 after day 1, 90 after day 3
    assert found.hit_rate == 0.5
    assert found.without_close == 1
    assert found.clv_bets == 3
    assert found.clv_mean == pytest.approx(0.04 / 3)
    assert found.clv_positive_share == pytest.approx(2 / 3)
    assert found.roi_ci is not None
    assert found.roi is not None
    assert found.roi_ci[0] < found.roi < found.roi_ci[1]
    assert [g.bets for g in found.by_edge] == [3, 0, 1, 0]
    assert [g.key for g in found.by_season] == ["2020-2021"]


def test_the_bootstrap_interval_is_seeded_and_narrows_with_more_bets() -> None:
    few = [_bet(d, "2.0", d % 2 == 0, 0.01) for d in range(1, 21)]
    many = [_bet(d % 28 + 1, "2.0", d % 2 == 0, 0.01) for d in range(400)]
    a, b = figures([_run(few)]).roi_ci, figures([_run(few)]).roi_ci
    assert a == b
    assert a is not None
    wide = a[1] - a[0]
    narrow = figures([_run(many)]).roi_ci
    assert narrow is not None
    assert narrow[1] - narrow[0] < wide / 2
