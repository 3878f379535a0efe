import math
from decimal import Decimal
from itertools import combinations
from typing import Any

import pytest

from application.portfolio.limits import PortfolioLimits
from application.portfolio.scenarios import sample_scenarios
from application.portfolio.selections import PricedSelection
from application.portfolio.tickets import CandidateTicket, build_candidates
from application.use_cases.find_edges import FindEdges, FindEdgesRequest, SelectionEdge
from tests.fakes.container import memory_container, use_case
from tests.portfolio_builders import priced_market

FIND_EDGES = use_case(memory_container(), FindEdges)


def candidates(
    rows: tuple[PricedSelection, ...], every_bookmaker: bool = False, **limits: Any
) -> tuple[tuple[SelectionEdge, ...], tuple[CandidateTicket, ...]]:
    edges = FIND_EDGES.execute(FindEdgesRequest(rows)).edges
    return edges, build_candidates(edges, PortfolioLimits(**limits), every_bookmaker)


def test_singles_at_the_best_price_of_each_positive_ev_selection() -> None:
    rows = priced_market(12, seed=1)
    edges, tickets = candidates(rows, max_legs=1)
    singles = [t for t in tickets if len(t.legs) == 1]
    assert len(singles) == len(tickets) == len(edges)
    for ticket in singles:
        leg = ticket.legs[0]
        offered = [r.odds for r in rows if (r.fixture, r.selection) == (leg.key.fixture, leg.key.selection)]
        assert leg.odds == max(offered)
        assert ticket.expected_value > 0


def test_with_bookmaker_limits_every_positive_ev_price_is_a_single() -> None:
    rows = priced_market(12, seed=1)
    _, best_only = candidates(rows, max_legs=1)
    _, every = candidates(rows, every_bookmaker=True, max_legs=1)
    assert len(every) > len(best_only)
    assert all(t.expected_value > 0 for t in every)


def test_accumulators_come_from_the_pool_on_distinct_fixtures_and_groups_at_one_bookmaker() -> None:
    rows = priced_market(20, seed=2, groups=7)
    edges, tickets = candidates(rows, max_legs=3, accumulator_pool=8, max_accumulators=10_000)
    pool = {e.key for e in edges[:8]}
    accumulators = [t for t in tickets if len(t.legs) > 1]
    assert accumulators
    assert max(len(t.legs) for t in accumulators) == 3
    prices = {(r.fixture, r.selection, r.bookmaker): r.odds for r in rows}
    for ticket in accumulators:
        assert {leg.key for leg in ticket.legs} <= pool
        assert len({leg.key.fixture for leg in ticket.legs}) == len(ticket.legs)
        assert len({leg.correlation_group for leg in ticket.legs}) == len(ticket.legs)
        assert len({leg.bookmaker for leg in ticket.legs}) == 1
        assert ticket.odds == math.prod((leg.odds.decimal for leg in ticket.legs), start=Decimal(1))
        best_combined = max(
            math.prod(prices[(leg.key.fixture, leg.key.selection, book)].decimal for leg in ticket.legs)
            for book in ("bookA", "bookB", "bookC")
        )
        assert ticket.odds == best_combined
        assert ticket.expected_value > 0
    expected_pairs = sum(
        1
        for a, b in combinations(edges[:8], 2)
        if a.key.fixture != b.key.fixture and a.correlation_group != b.correlation_group
    )
    assert sum(len(t.legs) == 2 for t in accumulators) <= expected_pairs


def test_at_most_max_accumulators_the_best_by_kelly_growth() -> None:
    rows = priced_market(20, seed=3)
    _, every = candidates(rows, max_accumulators=10_000)
    _, capped = candidates(rows, max_accumulators=5)
    accumulators = sorted((t for t in every if len(t.legs) > 1), key=lambda t: -t.kelly_growth)
    assert [t for t in capped if len(t.legs) > 1] == accumulators[:5]


def test_scenarios_are_stratified_reproducible_and_moment_matched() -> None:
    _, tickets = candidates(priced_market(10, seed=4))
    count = 200
    first = sample_scenarios(tickets, count, seed=11)
    assert first == sample_scenarios(tickets, count, seed=11)
    assert first.wins != sample_scenarios(tickets, count, seed=12).wins
    for ticket, wins, payout in zip(tickets, first.wins, first.payouts, strict=True):
        if len(ticket.legs) == 1:
            assert abs(len(wins) - ticket.probability * count) <= 1  # stratified: exact up to rounding
        assert payout * len(wins) / count == pytest.approx(float(ticket.odds) * ticket.probability)
    selections_of_a_fixture = [
        w for t, w in zip(tickets, first.wins, strict=True) if [leg.key.fixture for leg in t.legs] == ["F000"]
    ]
    assert len(selections_of_a_fixture) >= 2
    assert all(set(a).isdisjoint(b) for a, b in combinations(selections_of_a_fixture, 2))


def test_log_growth_is_the_mean_log_of_wealth_over_scenarios() -> None:
    _, tickets = candidates(priced_market(6, seed=5))
    scenarios = sample_scenarios(tickets, 50, seed=1)
    fractions = [0.01 * (i % 3) for i in range(len(tickets))]
    wealth = []
    for s in range(50):
        w = 1 - sum(fractions)
        w += sum(
            f * p for f, p, won in zip(fractions, scenarios.payouts, scenarios.wins, strict=True) if s in won
        )
        wealth.append(w)
    assert scenarios.log_growth(fractions) == pytest.approx(sum(math.log(w) for w in wealth) / 50)
    assert scenarios.log_growth([0.0] * len(tickets)) == 0.0
    assert scenarios.log_growth([1.0] + [0.0] * (len(tickets) - 1)) == -math.inf
