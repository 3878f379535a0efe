from decimal import Decimal

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize

from domain.errors import DomainError, InvalidProbability
from domain.odds import Odds
from domain.staking import (
    capped_kelly,
    expected_log_growth,
    fractional_kelly,
    kelly_fraction,
    simultaneous_kelly,
    stake_amount,
)


def odds(*values: float) -> list[Odds]:
    return [Odds.from_decimal(round(v, 4)) for v in values]


def test_kelly_is_edge_over_net_odds() -> None:
    assert kelly_fraction(0.55, Odds.from_decimal("2.0")) == pytest.approx(0.10)
    assert kelly_fraction(0.40, Odds.from_decimal("3.0")) == pytest.approx(0.10)


def test_kelly_stakes_nothing_without_an_edge() -> None:
    assert kelly_fraction(0.45, Odds.from_decimal("2.0")) == 0.0


def test_fractional_and_capped_kelly() -> None:
    assert fractional_kelly(0.55, Odds.from_decimal("2.0"), 0.25) == pytest.approx(0.025)
    assert capped_kelly(0.9, Odds.from_decimal("2.0"), cap=0.05) == pytest.approx(0.05)
    assert kelly_fraction(0.9, Odds.from_decimal("2.0"), max_fraction=0.2) == pytest.approx(0.2)


@pytest.mark.parametrize("fraction", [0.0, -0.1, 1.5, float("nan")])
def test_invalid_kelly_fraction_is_rejected(fraction: float) -> None:
    with pytest.raises(DomainError, match="Kelly fraction"):
        fractional_kelly(0.55, Odds.from_decimal("2.0"), fraction)


def test_invalid_probability_is_rejected() -> None:
    with pytest.raises(InvalidProbability, match=r"1\.2"):
        kelly_fraction(1.2, Odds.from_decimal("2.0"))


def test_simultaneous_kelly_may_hedge_with_an_outcome_below_even_expected_value() -> None:
    # Smoczynski & Tomkins (2010): a heavy favourite with an edge and a draw priced just under fair value.
    probabilities, prices = [0.5, 0.3, 0.2], odds(2.3, 3.2, 3.4)
    result = simultaneous_kelly(probabilities, prices)
    draw_revenue = 0.3 * 3.2
    assert draw_revenue < 1.0
    assert result.fractions[1] > 0.0, "the draw is taken as a hedge"
    assert result.reserve_rate < draw_revenue
    assert result.fractions[2] == 0.0


def test_simultaneous_kelly_equals_single_kelly_for_one_value_outcome() -> None:
    probabilities, prices = [0.55, 0.45], odds(2.0, 1.7)
    result = simultaneous_kelly(probabilities, prices)
    # with one outcome taken R = (1 - p) / (1 - 1/o) and f = p - R/o = (p o - 1) / (o - 1)
    assert result.fractions[0] == pytest.approx(kelly_fraction(0.55, prices[0]))
    assert result.fractions[1] == 0.0


def test_stake_amount_rounds_down_to_the_cent() -> None:
    assert stake_amount(Decimal("1000"), 0.012345) == Decimal("12.34")
    with pytest.raises(DomainError, match="bankroll"):
        stake_amount(Decimal("-1"), 0.1)


@st.composite
def markets(draw: st.DrawFn, min_size: int = 2, max_size: int = 6) -> tuple[list[float], list[Odds]]:
    n = draw(st.integers(min_size, max_size))
    weights = [draw(st.floats(0.05, 1.0)) for _ in range(n)]
    probabilities = [w / sum(weights) for w in weights]
    prices = [1.0 / (p * draw(st.floats(0.8, 1.25))) for p in probabilities]
    assume(all(p < 0.999 and 1.01 < o < 1000 for p, o in zip(probabilities, prices, strict=True)))
    return probabilities, odds(*prices)


@given(markets(), st.floats(0.01, 1.0))
def test_simultaneous_kelly_never_exceeds_the_bankroll_fraction(
    market: tuple[list[float], list[Odds]], max_fraction: float
) -> None:
    probabilities, prices = market
    result = simultaneous_kelly(probabilities, prices, max_fraction)
    assert all(f >= 0.0 for f in result.fractions)
    assert result.total <= max_fraction + 1e-12


@given(markets())
def test_simultaneous_kelly_stakes_nothing_without_positive_expected_value(
    market: tuple[list[float], list[Odds]],
) -> None:
    probabilities, prices = market
    fair = [
        Odds.from_decimal(round(min(float(o), 0.999 / p), 4))
        for p, o in zip(probabilities, prices, strict=True)
    ]
    assume(all(p * float(o) <= 1.0 for p, o in zip(probabilities, fair, strict=True)))
    assert simultaneous_kelly(probabilities, fair).total == 0.0


def brute_force_growth(probabilities: list[float], prices: list[Odds]) -> float:
    """Maximise expected log growth numerically from many starting points (no knowledge of the algorithm)."""
    n = len(prices)

    def negative_growth(f: np.ndarray) -> float:
        return -expected_log_growth(list(f), probabilities, prices)

    constraints = [{"type": "ineq", "fun": lambda f: 0.999 - float(np.sum(f))}]
    rng = np.random.default_rng(0)
    best = 0.0
    for start in [np.zeros(n), *(rng.dirichlet(np.ones(n)) * 0.5 for _ in range(6))]:
        found = minimize(
            negative_growth,
            start,
            bounds=[(0.0, 0.999)] * n,
            constraints=constraints,
            method="SLSQP",
            options={"ftol": 1e-14, "maxiter": 500},
        )
        if found.success:
            best = max(best, -found.fun)
    return best


@settings(max_examples=40, deadline=None)
@given(markets(2, 4))
def test_simultaneous_kelly_matches_a_brute_force_maximisation(
    market: tuple[list[float], list[Odds]],
) -> None:
    probabilities, prices = market
    assume(sum(1 / float(o) for o in prices) > 1.001)  # with no margin at all the optimum is unbounded
    result = simultaneous_kelly(probabilities, prices)
    ours = expected_log_growth(list(result.fractions), probabilities, prices)
    best = brute_force_growth(probabilities, prices)
    assert ours >= best - 1e-9
    assert ours == pytest.approx(best, abs=1e-7)
