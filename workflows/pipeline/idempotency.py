"""The idempotency key of a ticket the pipeline issues: the same workflow and legs give the same key.

Every retry of the issuing activity, and a worker that restarts mid-workflow, presents this key again,
so IssueTicket returns the ticket issued the first time instead of issuing (and debiting) it twice.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from workflows.pipeline.messages import TicketLeg

PREFIX = "pipeline"


def ticket_idempotency_key(workflow_id: str, legs: Iterable[TicketLeg]) -> str:
    """sha256 over the workflow id and the legs in a canonical order (the order of legs does not matter)."""
    canonical = sorted(_leg_fields(leg) for leg in legs)
    digest = hashlib.sha256(json.dumps([workflow_id, canonical]).encode()).hexdigest()
    return f"{PREFIX}-{digest}"


def _leg_fields(leg: TicketLeg) -> list[str]:
    line = "" if leg.line is None else format(leg.line.normalize(), "f")
    return [leg.fixture_id, leg.competition, leg.market, line, leg.selection, leg.bookmaker,
            format(leg.odds.normalize(), "f")]  # fmt: skip
