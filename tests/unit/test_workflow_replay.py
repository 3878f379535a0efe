"""Replay of recorded workflow histories: today's workflow code must make the same decisions.

A change to a workflow body that reorders, adds or drops a step breaks every workflow already running
(their histories no longer match); such a change needs `workflow.patched`. The histories were recorded by
tests/integration/workflows/record_histories.py (the pipeline with a retried step, and its training and
settlement children).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer

from adapters.temporal.worker import WORKFLOWS
from tests.unit.workflow_variants import PipelineThatSkipsIngest
from workflows.converter import DATA_CONVERTER

HISTORIES = Path(__file__).resolve().parents[1] / "workflow_histories"


WORKFLOW_IDS = {
    "pipeline": "recorded-pipeline",
    "training": "recorded-pipeline-training",
    "settlement": "recorded-pipeline-settlement",
}


def history(name: str) -> WorkflowHistory:
    return WorkflowHistory.from_json(WORKFLOW_IDS[name], (HISTORIES / f"{name}.json").read_text())


@pytest.mark.parametrize("name", ["pipeline", "training", "settlement"])
async def test_recorded_history_replays_on_todays_workflows(name: str) -> None:
    replayer = Replayer(workflows=list(WORKFLOWS), data_converter=DATA_CONVERTER)

    result = await replayer.replay_workflow(history(name), raise_on_replay_failure=False)

    assert result.replay_failure is None


async def test_a_workflow_changed_without_a_patch_fails_the_replay() -> None:
    replayer = Replayer(workflows=[PipelineThatSkipsIngest], data_converter=DATA_CONVERTER)

    result = await replayer.replay_workflow(history("pipeline"), raise_on_replay_failure=False)

    assert result.replay_failure is not None
    assert "nondeterminism" in str(result.replay_failure).lower()
