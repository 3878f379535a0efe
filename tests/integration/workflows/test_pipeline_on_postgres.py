"""The real pipeline workflow: real Temporal dev server, real PostgreSQL, real embedded OPA, real HiGHS.

A small synthetic league (2 seasons of 10 teams) is ingested, a first champion trained, and its last
matchweek bet on as seen the day before. Workers run as separate `stakewise worker` processes, so a
worker can be killed with SIGKILL in the middle of issuing, as a crash would.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import text

from adapters.persistence.engine import create_engine
from application.use_cases.ensure_house_account import EnsureHouseAccount, HouseAccountRequest
from bootstrap.container import container_on
from tests.integration.workflows.processes import die_with_parent
from workflows.pipeline.messages import HouseAccount, PipelineInput, PipelineReport, SourceRequest
from workflows.pipeline.workflow import PipelineWorkflow
from workflows.tuning import Tuning

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sqlalchemy.ext.asyncio import AsyncEngine
    from temporalio.client import Client

ROOT = Path(__file__).resolve().parents[3]
LEAGUE = SourceRequest("synthetic", "seasons=2,seed=7,teams=10")
EVE_OF_LAST_MATCHWEEK = datetime(2022, 12, 2, 12, tzinfo=UTC)  # its kickoffs: 2022-12-03 14:00 UTC
# A killed worker's issuing attempt is retried once its 5 s timeout runs out, not after 30 s.
QUICK = Tuning(
    retry_initial_seconds=0.2, retry_maximum_seconds=2.0, heartbeat_seconds=5.0, short_step_seconds=5.0
)
WORKFLOW_TIMEOUT = 240


def _environment(database_url: str, temporal_address: str, task_queue: str, var_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "STAKEWISE_DATABASE_URL": database_url,
        "STAKEWISE_TEMPORAL_ADDRESS": temporal_address,
        "STAKEWISE_TEMPORAL_TASK_QUEUE": task_queue,
        "STAKEWISE_VAR_DIR": str(var_dir),
    }


def _stakewise(*arguments: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bootstrap.cli", *arguments],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=die_with_parent,
    )


@pytest.fixture
def workers() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


async def _house(engine: AsyncEngine) -> HouseAccount:
    use_case = container_on(engine).use_cases()(EnsureHouseAccount)
    house = await use_case.execute(HouseAccountRequest())
    return HouseAccount(house.partner_id, house.customer_id, house.bankroll_id)


async def _count(engine: AsyncEngine, sql: str) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(text(sql))).scalar_one())


async def _kill_when_issuing(worker: subprocess.Popen[str], engine: AsyncEngine) -> int:
    """SIGKILL the worker as soon as its first ticket is committed; the tickets stored at that moment."""
    return await kill_once_counted(worker, engine, "SELECT count(*) FROM tickets")


async def kill_once_counted(worker: subprocess.Popen[str], engine: AsyncEngine, count_sql: str) -> int:
    """SIGKILL the worker as soon as `count_sql` counts a row; the count at that moment."""
    while worker.poll() is None:
        counted = await _count(engine, count_sql)
        if counted:
            worker.send_signal(signal.SIGKILL)
            worker.wait()
            return counted
        await asyncio.sleep(0.01)
    raise AssertionError(f"the worker died on its own: {worker.stderr.read() if worker.stderr else ''}")


async def test_a_worker_killed_while_issuing_is_replaced_and_every_ticket_is_in_the_ledger_once(
    fresh_database_url: str,
    temporal_address: str,
    client: Client,
    task_queue: str,
    tmp_path: Path,
    workers: list[subprocess.Popen[str]],
) -> None:
    engine = create_engine(fresh_database_url, pooled=False)
    env = _environment(fresh_database_url, temporal_address, task_queue, tmp_path)
    try:
        account = await _house(engine)
        request = PipelineInput(account, (LEAGUE,), EVE_OF_LAST_MATCHWEEK, tuning=QUICK)
        workers.append(_stakewise("worker", env=env))
        handle = await client.start_workflow(
            PipelineWorkflow.run, request, id=f"pipeline-kill-{uuid.uuid4()}", task_queue=task_queue
        )

        at_kill = await _kill_when_issuing(workers[0], engine)
        workers.append(_stakewise("worker", env=env))
        report: PipelineReport = await asyncio.wait_for(handle.result(), WORKFLOW_TIMEOUT)

        assert workers[0].returncode == -signal.SIGKILL
        assert 1 <= at_kill < len(report.issued), "the worker must die in the middle of issuing"
        await _assert_each_ticket_once(engine, report, account)
    finally:
        await engine.dispose()


async def _assert_each_ticket_once(
    engine: AsyncEngine, report: PipelineReport, account: HouseAccount
) -> None:
    issued = {outcome.ticket_id for outcome in report.issued}
    async with engine.connect() as connection:

        async def rows(sql: str, **values: str) -> list[Any]:
            return list(await connection.execute(text(sql), values))

        stored = {row.id: row for row in await rows("SELECT * FROM tickets")}
        keys = {row.key: row.ticket_id for row in await rows("SELECT * FROM idempotency_keys")}
        entries = await rows("SELECT reference, count(*) AS n FROM ledger_entries GROUP BY reference")
        (at_risk,) = await rows("SELECT at_risk FROM bankrolls WHERE id = :id", id=account.bankroll_id)
        decisions = {row.id: row.bundle_hash for row in await rows("SELECT * FROM policy_decisions")}
    postings = {row.reference: row.n for row in entries}
    assert issued == set(stored), "every ticket the workflow reports is stored, and no other"
    assert keys == {outcome.idempotency_key: outcome.ticket_id for outcome in report.issued}
    assert len({postings[ticket] for ticket in issued}) == 1, "each ticket's stake was posted exactly once"
    assert at_risk.at_risk == sum((row.stake for row in stored.values()), Decimal(0)) == report.total_stake
    for outcome in report.issued:
        assert stored[outcome.ticket_id].policy_decision_id == outcome.decision_id
        assert decisions[outcome.decision_id] == outcome.bundle_hash


def test_stakewise_run_issues_tickets_each_with_its_policy_decision_and_bundle(
    fresh_database_url: str, temporal_address: str, task_queue: str, tmp_path: Path
) -> None:
    env = _environment(fresh_database_url, temporal_address, task_queue, tmp_path)
    as_of = EVE_OF_LAST_MATCHWEEK.isoformat()
    run = _stakewise("run", "--source", "synthetic", LEAGUE.locator, "--as-of", as_of, "--json", env=env)
    stdout, stderr = run.communicate(timeout=WORKFLOW_TIMEOUT)

    assert run.returncode == 0, stderr
    report = json.loads(stdout)
    assert report["trained_leagues"] == ["SYN"]
    assert report["champions"][0]["name"] == "dixon-coles/SYN"
    assert report["summary"]["issued"] == len(report["tickets"]) > 0
    assert report["limits"]["allow"] is True
    bundle = report["limits"]["bundle_hash"]
    assert len(bundle) == 64
    for ticket in report["tickets"]:
        assert ticket["decision_id"]
        assert ticket["bundle_hash"] == bundle
        assert {leg["market"] for leg in ticket["legs"]} <= {"1x2", "totals", "asian_handicap"}
    assert sum(Decimal(t["stake"]) for t in report["tickets"]) == Decimal(report["summary"]["total_stake"])
    asyncio.run(_assert_predictions_and_edges_stored(fresh_database_url, report))


# each bookmaker has one (early) price per selection before the eve: the best is the highest of them
BEST_PRICES = (
    "SELECT fixture_id, market, line, selection, max(price) AS best FROM odds_quotes "
    "WHERE captured_at <= :as_of AND bookmaker NOT IN ('maximum', 'average') GROUP BY 1, 2, 3, 4"
)


async def _assert_predictions_and_edges_stored(database_url: str, report: dict[str, Any]) -> None:
    """The pipeline writes what the API serves: every market kind predicted, every priced selection's edge
    at its best price across bookmakers, with the model version, the bookmaker and the capture time."""
    engine = create_engine(database_url, pooled=False)
    try:
        async with engine.connect() as connection:
            kinds = {
                row.market: row.n
                for row in await connection.execute(
                    text("SELECT market, count(DISTINCT fixture_id) AS n FROM predictions GROUP BY market")
                )
            }
            edges = list(
                await connection.execute(
                    text(
                        "SELECT e.*, m.name, m.version, p.probability AS predicted FROM edges e "
                        "JOIN predictions p ON p.id = e.prediction_id JOIN models m ON m.id = p.model_id"
                    )
                )
            )
            prices = await connection.execute(text(BEST_PRICES), {"as_of": EVE_OF_LAST_MATCHWEEK})
            best = {(row.fixture_id, row.market, row.line, row.selection): row.best for row in prices}
    finally:
        await engine.dispose()
    fixtures = report["fixtures"]
    assert fixtures > 0
    assert kinds == dict.fromkeys(
        ("1x2", "double_chance", "draw_no_bet", "totals", "asian_handicap", "btts", "correct_score"), fixtures
    )
    assert {row.market for row in edges} == {"1x2", "totals", "asian_handicap"}
    assert all(row.name == "dixon-coles/SYN" and row.version >= 1 and row.captured_at for row in edges)
    assert all(row.probability == row.predicted for row in edges)
    assert len({(row.fixture_id, row.market, row.line, row.selection) for row in edges}) == len(edges)
    for row in edges:  # line shopping: the best price of the selection across the bookmakers
        assert row.price == best[(row.fixture_id, row.market, row.line, row.selection)]


def test_a_later_run_settles_the_tickets_of_an_earlier_one_once(
    fresh_database_url: str, temporal_address: str, task_queue: str, tmp_path: Path
) -> None:
    env = _environment(fresh_database_url, temporal_address, task_queue, tmp_path)
    after_results = (EVE_OF_LAST_MATCHWEEK + timedelta(days=2)).isoformat()
    issued = _run_json(
        env, "--source", "synthetic", LEAGUE.locator, "--as-of", EVE_OF_LAST_MATCHWEEK.isoformat()
    )

    settling = _run_json(env, "--skip-ingest", "--as-of", after_results)
    again = _run_json(env, "--skip-ingest", "--as-of", after_results)

    tickets = {ticket["ticket_id"]: Decimal(ticket["stake"]) for ticket in issued["tickets"]}
    settled = {t["ticket_id"]: Decimal(t["payout"]) for t in settling["settlement"]["tickets"]}
    assert set(settled) == set(tickets)
    assert settling["settlement"]["settled"] == len(tickets)
    assert again["settlement"]["settled"] == 0
    assert again["settlement"]["tickets"] == []
    assert settling["summary"]["issued"] == 0, "no fixture is left after the last matchweek"
    available, at_risk, statuses = asyncio.run(_bankroll(fresh_database_url))
    assert at_risk == 0
    assert set(statuses) <= {"settled", "voided"}
    assert available == Decimal("10000.00") - sum(tickets.values()) + sum(settled.values())


def _run_json(env: dict[str, str], *arguments: str) -> dict[str, Any]:
    run = _stakewise("run", *arguments, "--json", env=env)
    stdout, stderr = run.communicate(timeout=WORKFLOW_TIMEOUT)
    assert run.returncode == 0, stderr
    return dict(json.loads(stdout))


async def _bankroll(database_url: str) -> tuple[Decimal, Decimal, list[str]]:
    engine = create_engine(database_url, pooled=False)
    try:
        async with engine.connect() as connection:
            row = (await connection.execute(text("SELECT available, at_risk FROM bankrolls"))).one()
            statuses = list((await connection.execute(text("SELECT status FROM tickets"))).scalars())
        return row.available, row.at_risk, statuses
    finally:
        await engine.dispose()


def test_stakewise_run_with_temporal_unreachable_names_the_address_and_issues_nothing(
    fresh_database_url: str, postgres_server: object, tmp_path: Path
) -> None:
    env = _environment(fresh_database_url, "127.0.0.1:1", "unused", tmp_path)

    run = _stakewise("run", "--as-of", EVE_OF_LAST_MATCHWEEK.isoformat(), env=env)
    stdout, stderr = run.communicate(timeout=60)

    assert run.returncode == 1
    assert "Temporal is unreachable at 127.0.0.1:1" in stderr
    assert "Traceback" not in stderr
    assert stdout == ""
    counts = asyncio.run(_counts(fresh_database_url))
    assert counts == (0, 0, 0), "no partner, no ticket, no policy decision"


async def _counts(database_url: str) -> tuple[int, int, int]:
    engine = create_engine(database_url, pooled=False)
    try:
        return (
            await _count(engine, "SELECT count(*) FROM partners"),
            await _count(engine, "SELECT count(*) FROM tickets"),
            await _count(engine, "SELECT count(*) FROM policy_decisions"),
        )
    finally:
        await engine.dispose()
