"""A bankroll's risk rules tighten the limits of a quote before the solve (portfolio.bankroll_rules)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from application.portfolio.bankroll_rules import tightened
from application.portfolio.limits import PortfolioLimits
from application.portfolio.selections import PricedSelection
from domain.bankroll import Bankroll
from domain.errors import RuleViolation
from domain.odds import Odds
from domain.risk import RiskSettings, StakeRequest

DAY = date(2025, 5, 1)


def selection(fixture: str, odds: str) -> PricedSelection:
    return PricedSelection(fixture, "E0", "1x2", "home", "pinnacle", Odds.from_decimal(Decimal(odds)), 0.5)


def bankroll(**rules: str) -> Bankroll:
    risk = RiskSettings().updated({name: Decimal(value) for name, value in rules.items()})
    book = Bankroll("b", Decimal("1000.00"), risk.rules())
    book.reserve(StakeRequest("t0", Decimal("30.00"), frozenset({"F1"}), DAY))
    return book


def test_a_full_fixture_loses_its_selections_and_the_others_share_what_is_left() -> None:
    limits, kept = tightened(PortfolioLimits(), bankroll(max_exposure_per_fixture="30.00"),
                             [selection("F1", "2.0"), selection("F2", "2.0")], DAY)  # fmt: skip
    assert [s.fixture for s in kept] == ["F2"]
    assert limits.max_fixture_fraction == pytest.approx(30 / 970)


def test_the_day_cap_bounds_the_total_and_odds_and_return_caps_bound_tickets() -> None:
    rules = {"max_exposure_per_day": "130.00", "max_combined_odds": "3.00", "max_potential_return": "97.00"}
    limits, kept = tightened(
        PortfolioLimits(), bankroll(**rules), [selection("F2", "2.5"), selection("F3", "3.5")], DAY
    )
    assert [s.fixture for s in kept] == ["F2"]
    assert limits.max_total_fraction == pytest.approx(100 / 970)
    assert limits.max_stake_fraction == pytest.approx(97 / 2.5 / 970)


def test_untouched_limits_stay_and_a_reached_day_cap_refuses() -> None:
    assert tightened(PortfolioLimits(), bankroll(), [selection("F2", "2.0")], DAY)[0] == PortfolioLimits()
    with pytest.raises(RuleViolation) as refused:
        tightened(PortfolioLimits(), bankroll(max_exposure_per_day="30.00"), [selection("F2", "2.0")], DAY)
    assert refused.value.rule == "MaxExposurePerDay"
