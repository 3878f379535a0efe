"""Pacing shared by the workflows: the task queue, retry policies with backoff, and step timeouts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TypedDict

from temporalio.common import RetryPolicy

TASK_QUEUE = "stakewise"


class StepOptions(TypedDict, total=False):
    """The keyword options of `workflow.execute_activity_method` a step's pacing sets."""

    start_to_close_timeout: timedelta
    heartbeat_timeout: timedelta
    retry_policy: RetryPolicy


@dataclass(frozen=True)
class Tuning:
    """Timeouts and retry pacing of the activities (tests shorten them; production keeps the defaults).

    Retries back off exponentially from `retry_initial_seconds` up to `retry_maximum_seconds`; a long
    step heartbeats, so a worker that dies is noticed after `heartbeat_seconds`, not after the whole
    `long_step_minutes`.
    """

    retry_initial_seconds: float = 1.0
    retry_maximum_seconds: float = 60.0
    retry_maximum_attempts: int = 6
    heartbeat_seconds: float = 60.0
    long_step_minutes: float = 60.0
    short_step_seconds: float = 30.0

    def retry_policy(self) -> RetryPolicy:
        return RetryPolicy(
            initial_interval=timedelta(seconds=self.retry_initial_seconds),
            backoff_coefficient=2.0,
            maximum_interval=timedelta(seconds=self.retry_maximum_seconds),
            maximum_attempts=self.retry_maximum_attempts,
        )

    def long_step(self) -> StepOptions:
        """Options of a step that may run for minutes (ingest, features, training): it heartbeats."""
        return StepOptions(
            start_to_close_timeout=timedelta(minutes=self.long_step_minutes),
            heartbeat_timeout=timedelta(seconds=self.heartbeat_seconds),
            retry_policy=self.retry_policy(),
        )

    def short_step(self) -> StepOptions:
        """Options of a step of one transaction or one lookup (issuing one ticket, a policy decision)."""
        return StepOptions(
            start_to_close_timeout=timedelta(seconds=self.short_step_seconds),
            retry_policy=self.retry_policy(),
        )
