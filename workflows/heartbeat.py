"""Running a long use case inside an activity without starving the worker.

CPU-bound use cases (model fits, walk-forward scoring, feature building, parsing a season of prices)
would block the worker's event loop: no heartbeat would go out and no other activity or workflow task
would run. They run on an event loop of their own in a thread while the activity heartbeats, in a copy of
the activity's context (its trace span and log fields).
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any, TypeVar

from temporalio import activity

Result = TypeVar("Result")
DEFAULT_INTERVAL = timedelta(seconds=10)


async def off_the_loop(work: Callable[[], Coroutine[Any, Any, Result]]) -> Result:
    """`work()` run to completion on its own loop in a thread; heartbeats every third of the timeout."""
    context = contextvars.copy_context()  # the activity's trace span and log fields go along
    finished = asyncio.get_running_loop().run_in_executor(None, lambda: context.run(asyncio.run, work()))
    every = _interval().total_seconds()
    while True:
        done, _ = await asyncio.wait({finished}, timeout=every)
        if done:
            return finished.result()
        activity.heartbeat()


def _interval() -> timedelta:
    timeout = activity.info().heartbeat_timeout
    return timeout / 3 if timeout else DEFAULT_INTERVAL
