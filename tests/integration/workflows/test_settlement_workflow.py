"""The settlement workflow on a real Temporal dev server, with scripted activities (see scripted.py)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from adapters.temporal.worker import build_worker
from tests.integration.workflows.scripted import ScriptedSettlement
from workflows.settlement import names
from workflows.settlement.messages import SettlementInput, SettlementReport
from workflows.settlement.workflow import SettlementWorkflow
from workflows.tuning import Tuning

if TYPE_CHECKING:
    from temporalio.client import Client

FAST = Tuning(retry_initial_seconds=0.1, retry_maximum_seconds=0.5)
AS_OF = datetime(2025, 3, 2, 23, tzinfo=UTC)


async def _settle(client: Client, task_queue: str, tickets: ScriptedSettlement) -> SettlementReport:
    async with build_worker(client, tickets.activities(), task_queue=task_queue):
        return await client.execute_workflow(
            SettlementWorkflow.run,
            SettlementInput(AS_OF, FAST),
            id=f"settlement-{uuid.uuid4()}",
            task_queue=task_queue,
        )


async def test_settles_each_pending_ticket_once_even_when_settling_is_retried(
    client: Client, task_queue: str
) -> None:
    tickets = ScriptedSettlement(failures={names.SETTLE: 1})

    report = await _settle(client, task_queue, tickets)

    assert [outcome.ticket_id for outcome in report.outcomes] == ["ticket-1", "ticket-2"]
    assert report.total_payout == Decimal("46.00")
    assert report.mean_closing_line_value == 0.02
    assert report.as_of == AS_OF


async def test_a_second_run_finds_nothing_left_to_settle(client: Client, task_queue: str) -> None:
    tickets = ScriptedSettlement()
    await _settle(client, task_queue, tickets)

    again = await _settle(client, task_queue, tickets)

    assert again.outcomes == ()
    assert again.mean_closing_line_value is None
