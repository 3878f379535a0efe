"""Calling an activity from a workflow body as a method of its activity class, with the pacing of a long
or a short step.

The workflow names the method (`PipelineActivities.ingest`), never a string: its `@activity.defn` name is
what travels, its parameter and result types are what mypy checks the call against and what the data
converter decodes the answer into. A renamed activity or a wrong argument is a type error, not a failure
at run time.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from temporalio import activity, workflow

from workflows.tuning import Tuning

Param = TypeVar("Param")
Result = TypeVar("Result")


async def long_step(
    method: Callable[[Any, Param], Awaitable[Result]], argument: Param, tuning: Tuning
) -> Result:
    """A step that may run for minutes and heartbeats (ingest, features, training, optimising)."""
    return await workflow.execute_activity_method(method, argument, **tuning.long_step())


async def short_step(
    method: Callable[[Any, Param], Awaitable[Result]], argument: Param, tuning: Tuning
) -> Result:
    """A step of one transaction or one lookup (issuing one ticket, a policy decision, a registry read)."""
    return await workflow.execute_activity_method(method, argument, **tuning.short_step())


def activity_name(method: Callable[..., object]) -> str:
    """The name an activity method is registered and scheduled under (its `@activity.defn(name=...)`)."""
    name = activity._Definition.must_from_callable(method).name
    if name is None:
        raise TypeError(f"{method!r} is a dynamic activity: it has no name of its own")
    return name
