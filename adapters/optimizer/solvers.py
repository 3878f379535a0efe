"""Where OptimizePortfolio runs for a caller on an event loop: one solver thread of this process, or a pool
of solver processes with a bounded queue (the API's quotes)."""

from __future__ import annotations

import asyncio
import contextvars
import math
import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import TYPE_CHECKING

from application.errors import Overloaded, ServiceUnavailable

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from application.use_cases.optimize_portfolio import (
        OptimizePortfolio,
        OptimizePortfolioRequest,
        OptimizePortfolioResponse,
    )

COMPONENT = "optimizer"
# Pyomo keeps global state and HiGHS one task scheduler per process: solves in several threads of one process
# are not safe (round 1 saw them deadlock). One solver thread per process, shared by every SolverThread.
_SOLVER_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="portfolio-solver")
_FIRST_GUESS_SECONDS = 1.0  # one solve's time before any was measured (for Retry-After)


class SolverThread:
    """PortfolioSolver in this process: solves queue for the process's one solver thread while the event loop
    goes on (the command line and the workflow worker)."""

    def __init__(self, optimize: OptimizePortfolio) -> None:
        self._optimize = optimize

    def admit(self) -> AbstractContextManager[None]:
        """Always a place: solves queue for the thread (its callers bound how many they start)."""
        return nullcontext()

    async def optimise(self, request: OptimizePortfolioRequest) -> OptimizePortfolioResponse:
        context = contextvars.copy_context()  # the caller's trace span goes along to the solver thread
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(_SOLVER_THREAD, context.run, self._optimize.execute, request)


class SolverProcesses:
    """PortfolioSolver on `processes` solver processes, each solving one request at a time, so solves run side
    by side and never on the event loop.

    - The processes are started with "spawn", never forked: a forked copy of an embedded Go runtime (OPA's)
      does not survive. `optimise` runs in them: a module-level function (it travels by name) given the
      request and answering the response, both plain picklable data; `warm_up` runs once in each process as
      it starts (imports, a first tiny solve), and `start()` starts them all ahead of the first request.
    - At most `processes + queue` requests are admitted at a time (`admit()`, held from the request's
      start to its answer); one more is refused at once with Overloaded, its Retry-After the measured time
      of a solve times the requests ahead per process.
    - A solver process that dies refuses its requests with ServiceUnavailable; the next request starts a new
      pool.
    """

    def __init__(
        self,
        optimise: Callable[[OptimizePortfolioRequest], OptimizePortfolioResponse],
        processes: int,
        queue: int,
        warm_up: Callable[[], None] | None = None,
    ) -> None:
        if processes < 1 or queue < 0:
            raise ValueError(
                f"solver processes must be at least 1 and the queue at least 0: {processes}, {queue}"
            )
        self._optimise, self._warm_up = optimise, warm_up
        self.processes, self.capacity = processes, processes + queue
        self._pending = 0
        self._solve_seconds = _FIRST_GUESS_SECONDS
        self._executor: ProcessPoolExecutor | None = None

    @property
    def pending(self) -> int:
        """Requests admitted and not answered yet (being prepared, solved, or waiting for a process)."""
        return self._pending

    def start(self) -> None:
        """Start every solver process now (each warms up), without waiting for them."""
        executor = self._pool()
        for _ in range(self.processes):  # a process pool with "spawn" starts a process per waiting task
            executor.submit(_nothing)

    @contextmanager
    def admit(self) -> Iterator[None]:
        if self._pending >= self.capacity:
            raise Overloaded(
                COMPONENT,
                f"the optimizer already has {self._pending} quotes to solve, as many as it accepts: "
                "try again later",
                self.retry_after_seconds(),
            )
        self._pending += 1
        try:
            yield
        finally:
            self._pending -= 1

    async def optimise(self, request: OptimizePortfolioRequest) -> OptimizePortfolioResponse:
        executor = self._pool()
        try:
            answer = await asyncio.wrap_future(executor.submit(self._optimise, request))
        except BrokenProcessPool as error:
            self._discard(executor)
            raise ServiceUnavailable(COMPONENT, "a solver process stopped before it answered") from error
        times = answer.times
        self._solve_seconds = 0.8 * self._solve_seconds + 0.2 * (times.prepare + times.build + times.solve)
        return answer

    def retry_after_seconds(self) -> int:
        """Whole seconds until the work ahead of one more request is likely done (at least 1)."""
        return max(1, math.ceil(self._solve_seconds * (self._pending + 1) / self.processes))

    async def close(self) -> None:
        """Stop the solver processes: waiting requests are cancelled, running solves finish first."""
        executor, self._executor = self._executor, None
        if executor is not None:
            await asyncio.to_thread(executor.shutdown, wait=True, cancel_futures=True)

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=self.processes,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=self._warm_up,
            )
        return self._executor

    def _discard(self, executor: ProcessPoolExecutor) -> None:
        if self._executor is executor:
            self._executor = None
        executor.shutdown(wait=False, cancel_futures=True)


def _nothing() -> None:
    return None
