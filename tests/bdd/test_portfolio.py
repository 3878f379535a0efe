"""Step definitions for features/bdd/portfolio.feature: the OptimizePortfolio use case on Pyomo + HiGHS."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from application.portfolio.limits import OptimiserSettings, PortfolioLimits
from application.portfolio.selections import PricedSelection
from application.use_cases.optimize_portfolio import (
    OptimizePortfolio,
    OptimizePortfolioRequest,
    OptimizePortfolioResponse,
)
from domain.compliance import PolicyLimits
from domain.odds import Odds
from tests.fakes.container import memory_container, use_case
from tests.portfolio_builders import priced_market

scenarios("portfolio.feature")


@dataclass
class Portfolio:
    bankroll: Decimal = Decimal(0)
    selections: list[PricedSelection] = field(default_factory=list)
    policy: PolicyLimits = field(default_factory=PolicyLimits)
    house: tuple[Decimal | None, Decimal | None] = (None, None)  # combined odds, potential return
    response: OptimizePortfolioResponse | None = None

    @property
    def answer(self) -> OptimizePortfolioResponse:
        assert self.response is not None
        return self.response


@pytest.fixture
def portfolio() -> Portfolio:
    return Portfolio()


@given(parsers.parse("a bankroll of {amount}"))
def bankroll(portfolio: Portfolio, amount: str) -> None:
    portfolio.bankroll = Decimal(amount)


@given("twelve fixtures priced by three bookmakers, some prices above the model's fair price")
def twelve_fixtures(portfolio: Portfolio) -> None:
    portfolio.selections = list(priced_market(12, seed=31))


@given(parsers.parse('fixtures {first:d} to {last:d} are in correlation group "{group}"'))
def correlation_group(portfolio: Portfolio, first: int, last: int, group: str) -> None:
    fixtures = {f"F{i - 1:03d}" for i in range(first, last + 1)}
    portfolio.selections = [
        dataclasses.replace(s, correlation_group=group) if s.fixture in fixtures else s
        for s in portfolio.selections
    ]


@given(parsers.parse("the policy allows at most {stake} per ticket and {losses} of further losses"))
def policy_amounts(portfolio: Portfolio, stake: str, losses: str) -> None:
    portfolio.policy = PolicyLimits(
        max_stake_per_ticket=Decimal(stake), remaining_loss_allowance=Decimal(losses)
    )


@given(parsers.parse('the fixtures are also priced in the market "{market}"'))
def second_market(portfolio: Portfolio, market: str) -> None:
    portfolio.selections += [dataclasses.replace(s, market=market) for s in portfolio.selections]


@given(parsers.parse('the policy bans the market "{market}"'))
def banned(portfolio: Portfolio, market: str) -> None:
    portfolio.policy = PolicyLimits(banned_markets=frozenset({market}))


HOUSE_LIMITS = (
    "the house allows combined odds of at most {odds} and a potential return of at most {amount} per ticket"
)


@given(parsers.parse(HOUSE_LIMITS))
def house_limits(portfolio: Portfolio, odds: str, amount: str) -> None:
    portfolio.house = (Decimal(odds), Decimal(amount))


@given("every price is below the model's fair price")
def no_value(portfolio: Portfolio) -> None:
    portfolio.selections = [
        dataclasses.replace(s, odds=Odds(Decimal(str(round(0.97 / s.probability, 2)))))
        for s in portfolio.selections
    ]


@when(parsers.parse("the portfolio is optimised with accumulators of up to {legs:d} legs"))
def optimise_with_legs(portfolio: Portfolio, legs: int) -> None:
    odds, payout = portfolio.house
    limits = PortfolioLimits(
        max_legs=legs, accumulator_pool=10, max_combined_odds=odds, max_potential_return=payout
    )
    run(portfolio, limits)


@when("the portfolio is optimised")
def optimise(portfolio: Portfolio) -> None:
    run(portfolio, PortfolioLimits())


def run(portfolio: Portfolio, limits: PortfolioLimits) -> None:
    request = OptimizePortfolioRequest(
        tuple(portfolio.selections),
        portfolio.bankroll,
        limits,
        portfolio.policy,
        settings=OptimiserSettings(scenarios=150, time_limit_seconds=30),
    )
    portfolio.response = use_case(memory_container(), OptimizePortfolio).execute(request)  # Pyomo and HiGHS


@then("some tickets are accumulators")
def some_accumulators(portfolio: Portfolio) -> None:
    assert any(len(t.ticket.legs) > 1 for t in portfolio.answer.tickets)


@then("no ticket has two legs on one fixture")
def distinct_fixtures(portfolio: Portfolio) -> None:
    for placed in portfolio.answer.tickets:
        fixtures = [leg.key.fixture for leg in placed.ticket.legs]
        assert len(set(fixtures)) == len(fixtures)


@then(parsers.parse('no ticket has two legs in the correlation group "{group}"'))
def distinct_groups(portfolio: Portfolio, group: str) -> None:
    for placed in portfolio.answer.tickets:
        assert sum(leg.correlation_group == group for leg in placed.ticket.legs) <= 1


@then(parsers.parse("every stake is at most {amount}"))
def stake_cap(portfolio: Portfolio, amount: str) -> None:
    assert portfolio.answer.tickets
    assert all(t.stake <= Decimal(amount) for t in portfolio.answer.tickets)


@then(parsers.parse("the stakes add up to at most {amount}"))
def total_cap(portfolio: Portfolio, amount: str) -> None:
    assert portfolio.answer.staked <= Decimal(amount)


@then(parsers.parse('no leg is in the market "{market}"'))
def no_banned_leg(portfolio: Portfolio, market: str) -> None:
    assert portfolio.answer.tickets
    assert all(leg.key.market != market for t in portfolio.answer.tickets for leg in t.ticket.legs)


@then(parsers.parse("every ticket's combined odds are at most {odds}"))
def odds_cap(portfolio: Portfolio, odds: str) -> None:
    assert portfolio.answer.tickets
    assert all(t.ticket.odds <= Decimal(odds) for t in portfolio.answer.tickets)


@then(parsers.parse("no ticket could pay more than {amount}"))
def return_cap(portfolio: Portfolio, amount: str) -> None:
    assert all(t.stake * t.ticket.odds <= Decimal(amount) for t in portfolio.answer.tickets)


@then("the solution is proven optimal")
def proven(portfolio: Portfolio) -> None:
    assert portfolio.answer.optimal


@then("its expected log growth is above greedy quarter Kelly's on the same scenarios")
def beats_greedy(portfolio: Portfolio) -> None:
    greedy = next(b for b in portfolio.answer.baselines if b.name == "greedy_quarter_kelly")
    assert portfolio.answer.expected_log_growth > greedy.expected_log_growth > 0


@then("no ticket is issued")
def nothing(portfolio: Portfolio) -> None:
    assert portfolio.answer.tickets == ()


@then(parsers.parse('the reason given is "{reason}"'))
def reason_given(portfolio: Portfolio, reason: str) -> None:
    assert portfolio.answer.reason is not None
    assert reason in portfolio.answer.reason
