"""The pipeline workflow on a real Temporal dev server, with scripted activities (see scripted.py)."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime

import pytest
from temporalio.client import Client, WorkflowFailureError

from adapters.temporal.worker import build_worker
from tests.integration.workflows.scripted import FIXTURES, LEAGUE, ScriptedLeague
from workflows.pipeline import names
from workflows.pipeline.messages import HouseAccount, PipelineInput, PipelineReport, SourceRequest
from workflows.pipeline.workflow import PipelineWorkflow
from workflows.training.messages import ModelVersion
from workflows.tuning import Tuning

FAST = Tuning(retry_initial_seconds=0.2, retry_maximum_seconds=1.0, retry_maximum_attempts=4)
ACCOUNT = HouseAccount("house", "house-customer", "house-bankroll")
AS_OF = datetime(2025, 3, 1, 12, tzinfo=UTC)


def _input() -> PipelineInput:
    return PipelineInput(ACCOUNT, (SourceRequest("synthetic", "seasons=1,seed=7"),), AS_OF, tuning=FAST)


async def _run(
    client: Client, task_queue: str, league: ScriptedLeague, request: PipelineInput
) -> PipelineReport:
    async with build_worker(client, league.activities(), task_queue=task_queue):
        return await client.execute_workflow(
            PipelineWorkflow.run, request, id=f"pipeline-{uuid.uuid4()}", task_queue=task_queue
        )


async def test_happy_path_trains_a_first_champion_and_issues_every_planned_ticket(
    client: Client, task_queue: str
) -> None:
    league = ScriptedLeague()
    league.placement.left_unplaced = ("from-an-earlier-run",)

    report = await _run(client, task_queue, league, _input())

    assert report.trained_leagues == (LEAGUE,)
    assert report.champions == (ModelVersion(f"dixon-coles/{LEAGUE}", 1),)
    assert report.as_of == AS_OF
    assert [summary.source for summary in report.ingested] == ["synthetic"]
    assert len(report.edges.edges) == len(FIXTURES)
    assert len(report.issued) == len(report.quote.plan.tickets) == len(FIXTURES)
    assert {outcome.ticket_id for outcome in report.issued} == {o.ticket_id for o in league.ledger.values()}
    assert all(outcome.decision_id and outcome.bundle_hash for outcome in report.issued)
    assert report.total_stake == sum(ticket.stake for ticket in report.quote.plan.tickets)
    assert league.attempts[names.CHAMPIONS] == 2  # asked again after training
    placed = [p.ticket_id for p in report.placements]
    assert placed == [*(o.ticket_id for o in report.issued), "from-an-earlier-run"]
    assert {p.status for p in report.placements} == {"placed"}
    assert league.placement.calls == len(FIXTURES) + 1
    assert report.alerts == ("scripted alert",)


async def test_an_existing_champion_skips_training(client: Client, task_queue: str) -> None:
    league = ScriptedLeague(champion=ModelVersion(f"dixon-coles/{LEAGUE}", 4))

    report = await _run(client, task_queue, league, _input())

    assert report.trained_leagues == ()
    assert report.champions == (ModelVersion(f"dixon-coles/{LEAGUE}", 4),)
    assert "training.train" not in league.attempts


async def test_an_activity_that_fails_twice_is_retried_with_backoff_and_the_workflow_completes(
    client: Client, task_queue: str
) -> None:
    league = ScriptedLeague(failures={names.FIND_EDGES: 2, names.ISSUE: 2})
    started = time.monotonic()

    report = await _run(client, task_queue, league, _input())

    assert league.attempts[names.FIND_EDGES] == 3
    assert time.monotonic() - started >= FAST.retry_initial_seconds * (1 + 2)  # 0.2 s, then 0.4 s
    assert len(report.issued) == len(FIXTURES)
    assert len(league.ledger) == len(FIXTURES)  # the failed attempts issued nothing


async def test_an_activity_failing_past_its_attempts_fails_the_workflow_and_issues_nothing(
    client: Client, task_queue: str
) -> None:
    league = ScriptedLeague(failures={names.QUOTE: FAST.retry_maximum_attempts})

    with pytest.raises(WorkflowFailureError) as failure:
        await _run(client, task_queue, league, _input())

    assert "scripted failure" in str(failure.value.cause.__cause__)
    assert league.attempts[names.QUOTE] == FAST.retry_maximum_attempts
    assert league.ledger == {}


async def test_a_policy_that_allows_nothing_issues_nothing(client: Client, task_queue: str) -> None:
    league = ScriptedLeague(policy_allows=False)

    report = await _run(client, task_queue, league, _input())

    limits = report.quote.limits
    assert limits is not None
    assert not limits.allow
    assert limits.reasons == ("self_exclusion",)
    assert report.quote.plan.tickets == ()
    assert report.outcomes == ()
    assert league.issue_calls == 0
