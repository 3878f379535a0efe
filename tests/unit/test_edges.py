import pytest

from domain.edges import closing_line_value, edge, expected_value
from domain.errors import InvalidProbability
from domain.odds import Odds


def test_expected_value_per_unit_staked() -> None:
    assert expected_value(0.55, Odds.from_decimal("2.0")) == pytest.approx(0.10)
    assert expected_value(0.40, Odds.from_decimal("2.0")) == pytest.approx(-0.20)


def test_edge_is_relative_to_the_fair_probability() -> None:
    assert edge(0.55, 0.50) == pytest.approx(0.10)
    assert edge(0.45, 0.50) == pytest.approx(-0.10)


def test_edge_equals_expected_value_at_the_fair_price() -> None:
    assert edge(0.6, 0.5) == pytest.approx(expected_value(0.6, Odds.from_decimal("2.0")))


def test_closing_line_value_rewards_beating_the_close() -> None:
    assert closing_line_value(Odds.from_decimal("2.2"), 0.5) == pytest.approx(0.10)
    assert closing_line_value(Odds.from_decimal("1.8"), 0.5) == pytest.approx(-0.10)


@pytest.mark.parametrize("bad", [0.0, 1.0, -0.2, float("nan")])
def test_probabilities_outside_the_open_unit_interval_are_rejected(bad: float) -> None:
    with pytest.raises(InvalidProbability):
        edge(bad, 0.5)
    with pytest.raises(InvalidProbability):
        expected_value(bad, Odds.from_decimal("2.0"))
