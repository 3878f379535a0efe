"""Calling an activity from a workflow body by name, with the pacing of a long or a short step."""

from __future__ import annotations

from typing import TypeVar, cast

from temporalio import workflow

from workflows.tuning import Tuning

Result = TypeVar("Result")


async def long_step(name: str, argument: object, result: type[Result], tuning: Tuning) -> Result:
    """A step that may run for minutes and heartbeats (ingest, features, training, optimising)."""
    return cast(
        "Result", await workflow.execute_activity(name, argument, result_type=result, **tuning.long_step())
    )


async def short_step(name: str, argument: object, result: type[Result], tuning: Tuning) -> Result:
    """A step of one transaction or one lookup (issuing one ticket, a policy decision, a registry read)."""
    return cast(
        "Result", await workflow.execute_activity(name, argument, result_type=result, **tuning.short_step())
    )
