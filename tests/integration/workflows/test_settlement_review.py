"""Settlement never jams: a ticket that cannot be settled is set aside for review beside a good one.

Everything is real: tickets issued over HTTP by a server process, PostgreSQL, the settlement workflow on a
Temporal dev server with its real activities, and `stakewise settlement review` as an operator runs it.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import httpx
from sqlalchemy import update

from adapters.persistence.engine import create_engine
from adapters.persistence.schema.betting import ticket_legs
from adapters.temporal.worker import build_worker
from application.use_cases.settle_ticket import PendingSettlements, SettleTicket
from bootstrap.container import container_on
from tests.catalogue_builders import (
    SeedFixture,
    fixture_id,
    match_result_book,
    result_postgres,
    seed_postgres,
)
from tests.integration.servers import ROOT, api_servers
from tests.integration.test_api_acceptance import _customer, _tenant
from workflows.settlement.activities import SettlementActivities, SettlementUseCases
from workflows.settlement.messages import SettlementInput, SettlementReport
from workflows.settlement.workflow import SettlementWorkflow
from workflows.tuning import Tuning

if TYPE_CHECKING:
    from temporalio.client import Client

KICKOFF = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=4)
FAST = Tuning(retry_initial_seconds=0.1, retry_maximum_seconds=0.5)


async def _prepare(database_url: str) -> None:
    engine = create_engine(database_url, pooled=False)
    try:
        seeded = [SeedFixture("GOOD", KICKOFF), SeedFixture("BAD", KICKOFF)]
        await seed_postgres(engine, seeded, [e for f in seeded for e in match_result_book(f.name)])
    finally:
        await engine.dispose()


async def _issue(server: str, database_url: str) -> tuple[dict[str, str], str, str]:
    tenant = await _tenant(database_url, "review")
    async with httpx.AsyncClient(base_url=server, timeout=60, headers=tenant.headers) as client:
        customer = await _customer(client, tenant)
        ids = []
        for name in ("GOOD", "BAD"):
            leg = {"fixture": fixture_id(name), "competition": "E0", "market": "1x2", "selection": "home",
                   "bookmaker": "pinnacle", "odds": "2.10"}  # fmt: skip
            body = {
                "customer_id": customer,
                "bankroll_id": tenant.bankroll_id,
                "stake": "10.00",
                "legs": [leg],
            }
            answer = await client.post(
                "/v1/tickets", json=body, headers={"Idempotency-Key": uuid.uuid4().hex}
            )
            assert answer.status_code == 201, answer.text
            ids.append(answer.json()["id"])
    return tenant.headers, ids[0], ids[1]


async def _results_and_poison(database_url: str, bad_ticket: str) -> None:
    engine = create_engine(database_url, pooled=False)
    try:
        await result_postgres(engine, "GOOD", 2, 0)
        await result_postgres(engine, "BAD", 2, 0)
        async with engine.begin() as c:  # bad data: a market nobody knows
            await c.execute(
                update(ticket_legs).where(ticket_legs.c.ticket_id == bad_ticket).values(market="??")
            )
    finally:
        await engine.dispose()


async def _settle(client: Client, task_queue: str, database_url: str) -> SettlementReport:
    engine = create_engine(database_url)
    found = container_on(engine).use_cases()
    use_cases = SettlementUseCases(found.factory(PendingSettlements), found.factory(SettleTicket))
    try:
        async with build_worker(client, SettlementActivities(use_cases).activities(), task_queue=task_queue):
            return await client.execute_workflow(
                SettlementWorkflow.run,
                SettlementInput(KICKOFF + timedelta(hours=3), FAST),
                id=f"settlement-{uuid.uuid4()}",
                task_queue=task_queue,
            )
    finally:
        await engine.dispose()


async def test_a_poisoned_ticket_is_set_aside_the_good_one_settles_and_the_workflow_completes(
    client: Client, task_queue: str, database_url: str
) -> None:
    await _prepare(database_url)
    with api_servers(database_url, count=1) as (server,):
        headers, good, bad = await _issue(server, database_url)
        await _results_and_poison(database_url, bad)

        report = await _settle(client, task_queue, database_url)

        outcomes = {o.ticket_id: o for o in report.outcomes}
        assert (outcomes[good].status, outcomes[good].payout) == ("settled", Decimal("21.00"))
        assert outcomes[bad].status == "needs_review"
        assert "??" in (outcomes[bad].note or "")
        async with httpx.AsyncClient(base_url=server, headers=headers) as http:
            review = (await http.get("/v1/settlements", params={"status": "needs_review"})).json()["items"]
            settled = (await http.get("/v1/settlements")).json()["items"]
        assert [(t["id"], t["status"]) for t in review] == [(bad, "needs_review")]
        assert "??" in review[0]["review_reason"]
        assert [(t["id"], t["payout"]) for t in settled] == [(good, "21.00")]
    again = await _settle(client, task_queue, database_url)
    assert again.outcomes == (), "a set-aside ticket waits for a person, not for the next run"
    listed = await asyncio.to_thread(_review_command, database_url)
    assert [t["ticket_id"] for t in listed["tickets"]] == [bad]
    assert "??" in listed["tickets"][0]["reason"]


def _review_command(database_url: str) -> dict[str, list[dict[str, str]]]:
    env = {**os.environ, "STAKEWISE_DATABASE_URL": database_url}
    command = [sys.executable, "-m", "bootstrap.cli", "settlement", "review", "--json"]
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    listed: dict[str, list[dict[str, str]]] = json.loads(run.stdout)
    return listed
