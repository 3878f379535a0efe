"""Where Temporal is: STAKEWISE_TEMPORAL_ADDRESS, or the embedded dev server of ./var (started on demand).

A dependency-injector Resource: the embedded server is leased for as long as the container's resources
live (a one-shot command stops what it started; `stakewise worker` keeps it for its lifetime).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from bootstrap.services.temporal import EmbeddedTemporal
from workflows.tuning import TASK_QUEUE

TEMPORAL_ADDRESS_VARIABLE = "STAKEWISE_TEMPORAL_ADDRESS"
TEMPORAL_NAMESPACE_VARIABLE = "STAKEWISE_TEMPORAL_NAMESPACE"
TEMPORAL_TASK_QUEUE_VARIABLE = "STAKEWISE_TEMPORAL_TASK_QUEUE"


def configured_address() -> str | None:
    return os.environ.get(TEMPORAL_ADDRESS_VARIABLE) or None


def namespace() -> str:
    return os.environ.get(TEMPORAL_NAMESPACE_VARIABLE) or "default"


def task_queue() -> str:
    """The task queue of the workers and the workflows they start (children inherit it)."""
    return os.environ.get(TEMPORAL_TASK_QUEUE_VARIABLE) or TASK_QUEUE


def temporal_address(var_dir: Path) -> Iterator[str]:
    configured = configured_address()
    if configured:
        yield configured
        return
    with EmbeddedTemporal(var_dir).lease() as address:
        yield address
