"""Connecting to Temporal: one client per process, with the workflows' data converter.

Temporal's native (Rust) threads can outlive the interpreter's clean-up and crash it at exit
(temporalio/sdk-python#300): a process that connected should end with `os._exit` once its output is
flushed; `connected_in_this_process()` tells the entry point so.
"""

from __future__ import annotations

import asyncio
import time

from temporalio.client import Client, Interceptor
from temporalio.service import RPCError

from adapters.observability.tracing import tracing_enabled
from workflows.converter import DATA_CONVERTER

DEFAULT_NAMESPACE = "default"
STARTING_SERVER_GRACE_SECONDS = 15.0
_connected = False


class TemporalUnreachable(RuntimeError):
    """No Temporal server answered at the address (nothing was started, nothing issued)."""

    def __init__(self, address: str, reason: str) -> None:
        super().__init__(f"Temporal is unreachable at {address}: {reason}")
        self.address = address


async def connect(address: str, namespace: str = DEFAULT_NAMESPACE) -> Client:
    """A client; a server still starting ("not healthy yet") is waited for, a refused connection is not."""
    global _connected
    _connected = True
    deadline = time.monotonic() + STARTING_SERVER_GRACE_SECONDS
    while True:
        try:
            return await Client.connect(
                address, namespace=namespace, data_converter=DATA_CONVERTER, interceptors=_interceptors()
            )
        except (RuntimeError, RPCError) as error:
            if "not healthy yet" not in str(error) or time.monotonic() > deadline:
                raise TemporalUnreachable(address, _reason(str(error))) from error
        await asyncio.sleep(0.1)


def _interceptors() -> list[Interceptor]:
    """With tracing on, a workflow's spans continue the trace of whoever started it, and each activity's
    span (and its use cases') continues the workflow's (temporalio's OpenTelemetry interceptor, which a
    worker built on this client uses too)."""
    if not tracing_enabled():
        return []
    from temporalio.contrib.opentelemetry import TracingInterceptor

    return [TracingInterceptor()]


def connected_in_this_process() -> bool:
    return _connected


def _reason(message: str) -> str:
    if "refused" in message.lower():
        return "connection refused"
    lines = message.strip().splitlines()
    return lines[0][:200] if lines else "no answer"
