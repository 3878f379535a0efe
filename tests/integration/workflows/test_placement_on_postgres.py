"""Placement exactly once: a worker killed in the middle of placing is replaced, no ticket is placed twice.

The real pipeline (as in test_pipeline_on_postgres.py) with the paper bookmaker taking a second per order:
the worker is killed with SIGKILL as soon as the first ticket is placed, while the next ones wait for the
bookmaker. The paper bookmaker's own order log then holds exactly one bet per issued ticket, each the one
stakewise stored as the ticket's placement.
"""

from __future__ import annotations

import asyncio
import signal
import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import text

from adapters.persistence.engine import create_engine
from tests.integration.workflows.test_pipeline_on_postgres import (
    EVE_OF_LAST_MATCHWEEK,
    LEAGUE,
    QUICK,
    WORKFLOW_TIMEOUT,
    _environment,
    _house,
    _stakewise,
    kill_once_counted,
    workers,
)
from workflows.pipeline.messages import PipelineInput, PipelineReport
from workflows.pipeline.workflow import PipelineWorkflow

if TYPE_CHECKING:
    import subprocess
    from pathlib import Path

    from sqlalchemy.ext.asyncio import AsyncEngine
    from temporalio.client import Client

__all__ = ["workers"]  # the fixture, shared with the issuing test
SLOW_BOOKMAKER = {"STAKEWISE_PAPER_LATENCY_SECONDS": "1.0", "STAKEWISE_PAPER_LIMITS": "*=10000"}


async def test_a_worker_killed_while_placing_is_replaced_and_no_ticket_is_placed_twice(
    fresh_database_url: str,
    temporal_address: str,
    client: Client,
    task_queue: str,
    tmp_path: Path,
    workers: list[subprocess.Popen[str]],
) -> None:
    engine = create_engine(fresh_database_url, pooled=False)
    env = _environment(fresh_database_url, temporal_address, task_queue, tmp_path) | SLOW_BOOKMAKER
    try:
        account = await _house(engine)
        request = PipelineInput(account, (LEAGUE,), EVE_OF_LAST_MATCHWEEK, tuning=QUICK)
        workers.append(_stakewise("worker", env=env))
        handle = await client.start_workflow(
            PipelineWorkflow.run, request, id=f"placement-kill-{uuid.uuid4()}", task_queue=task_queue
        )

        at_kill = await kill_once_counted(workers[0], engine, "SELECT count(*) FROM placements")
        workers.append(_stakewise("worker", env=env))
        report: PipelineReport = await asyncio.wait_for(handle.result(), WORKFLOW_TIMEOUT)

        assert workers[0].returncode == -signal.SIGKILL
        assert 1 <= at_kill < len(report.issued), "the worker must die in the middle of placing"
        await _assert_each_ticket_placed_once(engine, report)
    finally:
        await engine.dispose()


async def _assert_each_ticket_placed_once(engine: AsyncEngine, report: PipelineReport) -> None:
    issued = {outcome.ticket_id for outcome in report.issued if outcome.ticket_id}
    async with engine.connect() as connection:

        async def rows(sql: str) -> list[Any]:
            return list(await connection.execute(text(sql)))

        orders = await rows("SELECT client_ref, bet_ref, matched_stake FROM paper_orders")
        placements = await rows("SELECT ticket_id, bet_ref, status FROM placements")
        statuses = {row.id: row.status for row in await rows("SELECT id, status FROM tickets")}
        (at_risk,) = await rows("SELECT sum(at_risk) AS at_risk FROM bankrolls")
    assert sorted(order.client_ref for order in orders) == sorted(issued), "one bet per ticket, no other"
    assert {p.ticket_id: p.bet_ref for p in placements} == {o.client_ref: o.bet_ref for o in orders}
    assert {p.ticket_id for p in report.placements} == issued
    assert {p.ticket_id: p.status for p in report.placements} == statuses
    assert set(statuses.values()) <= {"placed", "partially_placed", "rejected"}
    assert at_risk.at_risk == sum((o.matched_stake for o in orders), Decimal(0))
