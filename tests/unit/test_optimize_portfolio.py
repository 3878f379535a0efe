import random
from decimal import Decimal

import pytest

from application.portfolio.limits import OptimiserSettings, PortfolioLimits
from application.use_cases.optimize_portfolio import OptimizePortfolio, OptimizePortfolioRequest
from domain.compliance import PolicyLimits
from domain.errors import DomainError
from tests.fakes.container import memory_container, use_case
from tests.portfolio_builders import priced_market, selection
from tests.portfolio_checks import broken_rules

PWL_TOLERANCE = 0.05**2 / 8  # the optimiser's chordal log falls short of the log by at most about this
FAST = OptimiserSettings(scenarios=120, time_limit_seconds=4)


@pytest.fixture(scope="module")
def optimize() -> OptimizePortfolio:
    return use_case(memory_container(), OptimizePortfolio)  # Pyomo and HiGHS


def random_request(seed: int) -> OptimizePortfolioRequest:
    rng = random.Random(seed)
    books = ("bookA", "bookB", "bookC")
    limits = PortfolioLimits(
        max_total_fraction=rng.choice([0.1, 0.25, 0.5]),
        max_fixture_fraction=rng.choice([0.01, 0.03, 0.1]),
        max_competition_fraction=rng.choice([0.04, 0.15]),
        max_stake_fraction=rng.choice([0.01, 0.05]),
        min_stake=rng.choice([Decimal("0.10"), Decimal("2.00"), Decimal("5.00")]),
        bookmaker_limits={"bookA": Decimal(rng.choice([5, 20, 100]))} if rng.random() < 0.5 else {},
        max_tickets=rng.choice([4, 250]),
        max_legs=rng.choice([1, 2, 3]),
        accumulator_pool=rng.choice([4, 8]),
    )
    policy = PolicyLimits(
        max_stake_per_ticket=rng.choice([None, Decimal("4.00"), Decimal("12.50")]),
        remaining_loss_allowance=rng.choice([None, Decimal("30"), Decimal("75.55")]),
        banned_markets=frozenset(rng.choice([(), ("alt",)])),
    )
    rows = priced_market(rng.randint(3, 5), seed, books, groups=rng.choice([0, 3]), markets=("1X2", "alt"))
    return OptimizePortfolioRequest(
        rows, Decimal(rng.choice(["1000", "250.50"])), limits, policy, settings=FAST
    )


@pytest.mark.parametrize("seed", range(8))
def test_every_returned_portfolio_keeps_every_rule_and_beats_greedy_kelly(
    optimize: OptimizePortfolio, seed: int
) -> None:
    request = random_request(seed)
    response = optimize.execute(request)
    assert broken_rules(request, response) == []
    if response.status == "not_solved":
        assert response.reason
        assert not response.tickets
        return
    assert response.status in {"optimal", "time_limit"}
    if not response.optimal:
        return
    greedy = response.baselines[0]
    assert greedy.name == "greedy_quarter_kelly"
    assert response.expected_log_growth >= greedy.expected_log_growth - PWL_TOLERANCE
    if response.tickets:
        assert response.expected_log_growth > 0
    else:
        assert response.reason


def test_policy_limits_are_hard_constraints(optimize: OptimizePortfolio) -> None:
    rows = priced_market(10, seed=3, markets=("1X2", "corners"))
    policy = PolicyLimits(
        max_stake_per_ticket=Decimal("3.00"),
        remaining_loss_allowance=Decimal("20.00"),
        banned_markets=frozenset({"1X2"}),
    )
    request = OptimizePortfolioRequest(rows, Decimal(1000), policy=policy, settings=FAST)
    response = optimize.execute(request)
    assert response.tickets
    assert broken_rules(request, response) == []
    assert all(leg.key.market == "corners" for t in response.tickets for leg in t.ticket.legs)
    assert max(t.stake for t in response.tickets) <= Decimal("3.00")
    assert response.staked <= Decimal("20.00")
    assert response.counts.banned == len(rows) // 2


def test_the_optimiser_uses_accumulators_and_beats_both_baselines(optimize: OptimizePortfolio) -> None:
    request = OptimizePortfolioRequest(priced_market(20, seed=7), Decimal(1000), settings=FAST)
    response = optimize.execute(request)
    assert response.optimal
    assert response.gap is not None
    assert response.gap <= 1e-4
    assert any(len(t.ticket.legs) == 2 for t in response.tickets)
    for baseline in response.baselines:
        assert response.expected_log_growth > baseline.expected_log_growth
    assert response.model is not None
    assert response.model.binaries == response.counts.singles + response.counts.accumulators


@pytest.mark.parametrize(
    ("request_", "reason"),
    [
        (OptimizePortfolioRequest((), Decimal(100)), "no candidate selections"),
        (
            OptimizePortfolioRequest((selection("F1", "home", "1.50", 0.5),), Decimal(100)),
            "no selection passes the filters",
        ),
        (
            OptimizePortfolioRequest(
                (selection("F1", "home", "2.50", 0.5),),
                Decimal(100),
                policy=PolicyLimits(banned_markets=frozenset({"1X2"})),
            ),
            "every candidate is in a market the policy bans",
        ),
        (
            OptimizePortfolioRequest(
                (selection("F1", "home", "2.50", 0.5),),
                Decimal(100),
                policy=PolicyLimits(remaining_loss_allowance=Decimal("0.05")),
            ),
            "total stake allowed (0.05) is below the minimum stake",
        ),
        (
            OptimizePortfolioRequest(
                (selection("F1", "home", "2.50", 0.5),),
                Decimal(100),
                policy=PolicyLimits(max_stake_per_ticket=Decimal(0)),
            ),
            "maximum stake per ticket (0.00) is below the minimum",
        ),
    ],
)
def test_nothing_to_place_is_an_answer_with_a_reason(
    optimize: OptimizePortfolio, request_: OptimizePortfolioRequest, reason: str
) -> None:
    response = optimize.execute(request_)
    assert response.tickets == ()
    assert response.reason is not None
    assert reason in response.reason
    assert not response.optimal
    assert response.status == "not_solved"


def test_a_bankroll_must_be_positive(optimize: OptimizePortfolio) -> None:
    with pytest.raises(DomainError, match="bankroll"):
        optimize.execute(OptimizePortfolioRequest((selection("F1", "home", "2.5", 0.5),), Decimal(0)))


def test_the_same_input_gives_the_same_portfolio(optimize: OptimizePortfolio) -> None:
    request = OptimizePortfolioRequest(priced_market(8, seed=9), Decimal(500), settings=FAST)
    first, second = optimize.execute(request), optimize.execute(request)
    assert [(t.ticket, t.stake) for t in first.tickets] == [(t.ticket, t.stake) for t in second.tickets]
