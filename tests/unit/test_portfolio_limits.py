from decimal import Decimal
from typing import Any

import pytest

from application.portfolio.limits import OptimiserSettings, PortfolioLimits, StakeCaps
from domain.compliance import PolicyLimits
from domain.errors import DomainError


def test_the_documented_defaults() -> None:
    limits, settings = PortfolioLimits(), OptimiserSettings()
    assert (limits.max_total_fraction, limits.max_fixture_fraction, limits.max_competition_fraction) == (
        0.25,
        0.05,
        0.15,
    )
    assert (limits.max_stake_fraction, limits.min_stake, limits.max_tickets) == (0.05, Decimal("0.10"), 250)
    assert (limits.max_legs, limits.accumulator_pool, limits.max_accumulators) == (2, 20, 300)
    assert limits.bookmaker_limits == {}
    assert (settings.scenarios, settings.time_limit_seconds, settings.relative_gap) == (500, 60.0, 1e-4)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("max_total_fraction", 1.0),
        ("max_fixture_fraction", 0.0),
        ("max_stake_fraction", float("nan")),
        ("min_stake", Decimal("0.005")),
        ("min_stake", Decimal(0)),
        ("max_tickets", -1),
        ("max_legs", 7),
        ("bookmaker_limits", {"bookA": Decimal(-1)}),
    ],
)
def test_invalid_limits_are_refused_naming_the_field(field: str, value: Any) -> None:
    with pytest.raises(DomainError, match=field.split("_limits")[0]):
        PortfolioLimits(**{field: value})


def test_caps_take_the_tighter_of_the_house_and_the_policy() -> None:
    house = PortfolioLimits(bookmaker_limits={"bookA": Decimal("40.00")})
    loose = StakeCaps.combine(Decimal("1000.00"), house, PolicyLimits())
    assert (loose.total, loose.per_ticket, loose.per_fixture, loose.per_competition) == (
        Decimal("250.00"),
        Decimal("50.00"),
        Decimal("50.00"),
        Decimal("150.00"),
    )
    assert loose.bookmaker_cap("bookA") == Decimal("40.00")
    assert loose.bookmaker_cap("bookB") == Decimal("250.00")
    policy = PolicyLimits(max_stake_per_ticket=Decimal("7.50"), remaining_loss_allowance=Decimal("99.999"))
    tight = StakeCaps.combine(Decimal("1000.00"), house, policy)
    assert (tight.total, tight.per_ticket) == (Decimal("99.99"), Decimal("7.50"))
    assert tight.why_nothing_fits() is None


def test_caps_below_the_minimum_stake_leave_nothing_to_place() -> None:
    caps = StakeCaps.combine(
        Decimal(100), PortfolioLimits(), PolicyLimits(remaining_loss_allowance=Decimal(0))
    )
    assert caps.why_nothing_fits() == "the total stake allowed (0.00) is below the minimum stake (0.10)"
