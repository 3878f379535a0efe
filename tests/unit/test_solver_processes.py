"""The API's pool of solver processes (adapters.optimizer.solvers.SolverProcesses): the same portfolios as a
solve in this process, several solves side by side, a bounded queue that refuses at once, a dead process
refused as unavailable."""

from __future__ import annotations

import asyncio
import os
import time
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

from adapters.optimizer.solvers import SolverProcesses
from application.errors import Overloaded, ServiceUnavailable
from application.portfolio.limits import OptimiserSettings, PortfolioLimits
from application.use_cases.optimize_portfolio import (
    OptimizePortfolio,
    OptimizePortfolioRequest,
    OptimizePortfolioResponse,
)
from bootstrap.optimizer import (
    SOLVER_PROCESS_OPTIONS,
    optimise_in_solver_process,
    portfolio_optimizer,
    warm_up_solver_process,
)
from tests.fakes.container import memory_container, use_case
from tests.portfolio_builders import priced_market

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable

SETTINGS = OptimiserSettings(scenarios=200, time_limit_seconds=20.0)


def request(seed: int, fixtures: int = 17) -> OptimizePortfolioRequest:
    """50 priced proposals, as a partner's quote might carry."""
    selections = priced_market(fixtures, seed, bookmakers=("pin",))[:50]
    return OptimizePortfolioRequest(
        selections, Decimal("10000"), PortfolioLimits(max_legs=2), settings=SETTINGS
    )


def without_times(response: OptimizePortfolioResponse) -> OptimizePortfolioResponse:
    return replace(response, times=replace(response.times, prepare=0.0, build=0.0, solve=0.0))


def slow_optimise(request: OptimizePortfolioRequest) -> OptimizePortfolioResponse:
    """A solve that takes at least a second (module level: it travels to the solver process by name)."""
    time.sleep(1.0)
    return optimise_in_solver_process(request)


def dying_optimise(request: OptimizePortfolioRequest) -> OptimizePortfolioResponse:
    os._exit(3)


@pytest.fixture
async def pool() -> AsyncIterator[Callable[..., SolverProcesses]]:
    made: list[SolverProcesses] = []

    def make(optimise: Callable[..., OptimizePortfolioResponse] = optimise_in_solver_process,
             processes: int = 2, queue: int = 4) -> SolverProcesses:  # fmt: skip
        made.append(SolverProcesses(optimise, processes, queue, warm_up_solver_process))
        return made[-1]

    yield make
    for solvers in made:
        await solvers.close()


async def test_concurrent_solves_in_the_pool_equal_solves_in_this_process(
    pool: Callable[..., SolverProcesses],
) -> None:
    requests = [request(seed) for seed in (7, 11, 23, 7)]
    container = memory_container()
    here = use_case(container, OptimizePortfolio, optimizer=portfolio_optimizer(SOLVER_PROCESS_OPTIONS))
    expected = [without_times(here.execute(r)) for r in requests]
    solvers = pool()
    answers = await asyncio.gather(*(solvers.optimise(r) for r in requests))
    assert [without_times(a) for a in answers] == expected
    assert all(a.tickets for a in answers)
    assert answers[0] == answers[0]
    assert solvers.pending == 0


async def test_the_tuned_solver_options_find_the_default_portfolio() -> None:
    container = memory_container()
    tuned_use_case = use_case(
        container, OptimizePortfolio, optimizer=portfolio_optimizer(SOLVER_PROCESS_OPTIONS)
    )
    tuned = tuned_use_case.execute(request(11))
    default = use_case(container, OptimizePortfolio, optimizer=portfolio_optimizer()).execute(request(11))
    assert tuned.optimal
    assert default.optimal
    assert tuned.tickets == default.tickets
    assert tuned.expected_log_growth == pytest.approx(default.expected_log_growth, abs=1e-9)


async def test_beyond_the_queue_a_request_is_refused_at_once_with_a_retry_after(
    pool: Callable[..., SolverProcesses],
) -> None:
    solvers = pool(slow_optimise, processes=1, queue=1)

    async def admitted(seed: int) -> OptimizePortfolioResponse:
        with solvers.admit():
            return await solvers.optimise(request(seed))

    accepted = [asyncio.create_task(admitted(seed)) for seed in (7, 11)]
    await asyncio.sleep(0)  # both are admitted now
    assert solvers.pending == 2
    started = time.perf_counter()
    with pytest.raises(Overloaded) as refused:
        await admitted(23)
    assert time.perf_counter() - started < 0.1
    assert refused.value.component == "optimizer"
    assert refused.value.retry_after_seconds >= 1
    answers = await asyncio.gather(*accepted)
    assert all(a.tickets for a in answers)
    assert solvers.pending == 0
    assert (await admitted(23)).tickets  # room again


async def test_a_solver_process_that_dies_is_unavailable_and_the_next_pool_answers(
    pool: Callable[..., SolverProcesses],
) -> None:
    dying = pool(dying_optimise, processes=1, queue=0)
    with pytest.raises(ServiceUnavailable) as refused:
        await dying.optimise(request(7))
    assert refused.value.component == "optimizer"
    assert dying.pending == 0
    dying._optimise = optimise_in_solver_process  # the next request starts a new pool
    assert (await dying.optimise(request(7))).tickets
