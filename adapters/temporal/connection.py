"""Where Temporal is: an address (configured, or the embedded dev server's) and a namespace."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from temporalio.client import Client

from adapters.temporal.client import DEFAULT_NAMESPACE, connect
from workflows.tuning import TASK_QUEUE


@dataclass(frozen=True)
class TemporalConnection:
    """`address` is asked for only when connecting: it may start the embedded server."""

    address: Callable[[], str]
    namespace: str = DEFAULT_NAMESPACE
    task_queue: str = TASK_QUEUE

    async def client(self) -> Client:
        return await connect(self.address(), self.namespace)
