"""Activity names of the backtest workflow, and the task queue of its season activities."""

from __future__ import annotations

SEASONS = "backtest.seasons"
SEASON = "backtest.season"
# Season activities run on their own queue, one at a time per worker (the optimiser is not thread-safe):
# each `stakewise worker` takes the next league-season when it is free, so more workers finish sooner.
QUEUE_SUFFIX = "-backtest"


def season_queue(task_queue: str) -> str:
    return f"{task_queue}{QUEUE_SUFFIX}"
