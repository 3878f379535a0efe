"""Record the histories the replay tests replay (tests/workflow_histories/*.json).

Run after a deliberate, versioned change of a workflow (see temporalio's `workflow.patched`), never to make
a failing replay test pass: `.venv/bin/python -m tests.integration.workflows.record_histories`.
"""

from __future__ import annotations

import asyncio
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from adapters.temporal.client import connect
from adapters.temporal.worker import build_worker
from bootstrap.services.temporal_server import TemporalDevServer, free_port
from tests.integration.workflows.scripted import ScriptedLeague, ScriptedSettlement
from workflows.pipeline.messages import HouseAccount, PipelineInput, SourceRequest
from workflows.pipeline.workflow import PipelineWorkflow
from workflows.tuning import Tuning

if TYPE_CHECKING:
    from temporalio.client import Client

FOLDER = Path(__file__).resolve().parents[2] / "workflow_histories"
AS_OF = datetime(2025, 3, 1, 12, tzinfo=UTC)
QUEUE = "record-histories"
PIPELINE_ID = "recorded-pipeline"


async def record(client: Client, folder: Path) -> list[Path]:
    league = ScriptedLeague(failures={"pipeline.find_edges": 1}, settlement=ScriptedSettlement())
    async with build_worker(client, league.activities(), task_queue=QUEUE):
        pipeline = PipelineInput(
            HouseAccount("house", "house-customer", "house-bankroll"),
            (SourceRequest("synthetic", "seasons=1,seed=7"),),
            AS_OF,
            tuning=Tuning(retry_initial_seconds=0.1),
        )
        await client.execute_workflow(PipelineWorkflow.run, pipeline, id=PIPELINE_ID, task_queue=QUEUE)
    written = []
    for name, workflow_id in (
        ("pipeline", PIPELINE_ID),
        ("training", f"{PIPELINE_ID}-training"),
        ("settlement", f"{PIPELINE_ID}-settlement"),
    ):
        history = await client.get_workflow_handle(workflow_id).fetch_history()
        path = folder / f"{name}.json"
        path.write_text(history.to_json() + "\n", encoding="utf-8")
        written.append(path)
    return written


async def _main() -> None:
    with tempfile.TemporaryDirectory() as state:
        server = TemporalDevServer(Path(state))
        running = server.start(port=free_port())
        try:
            for path in await record(await connect(running.address), FOLDER):
                print(f"wrote {path}")
        finally:
            server.stop()


if __name__ == "__main__":
    FOLDER.mkdir(exist_ok=True)
    asyncio.run(_main())
