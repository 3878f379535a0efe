"""One `stakewise run` against a separate `stakewise worker`, as an operator watches it: the run is one
trace (the command, the workflow, each activity, their use cases), and the worker's Prometheus endpoint
serves the business counters next to temporalio's runtime metrics."""

from __future__ import annotations

import collections
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.integration.servers import free_port
from tests.integration.workflows.processes import die_with_parent

ROOT = Path(__file__).resolve().parents[3]


def _samples(text: str) -> dict[str, list[tuple[dict[str, str], float]]]:
    found: dict[str, list[tuple[dict[str, str], float]]] = collections.defaultdict(list)
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[sample.name].append((sample.labels, sample.value))
    return found


def test_a_run_is_one_trace_and_the_worker_counts_what_happened(
    fresh_database_url: str, temporal_address: str, task_queue: str, tmp_path: Path
) -> None:
    spans_file, port = tmp_path / "spans.jsonl", free_port()
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith("STAKEWISE_")},
        "STAKEWISE_DATABASE_URL": fresh_database_url,
        "STAKEWISE_TEMPORAL_ADDRESS": temporal_address,
        "STAKEWISE_TEMPORAL_TASK_QUEUE": task_queue,
        "STAKEWISE_VAR_DIR": str(tmp_path / "var"),
        "STAKEWISE_OTEL_FILE": str(spans_file),
        "STAKEWISE_WORKER_METRICS_PORT": str(port),
    }
    command = [sys.executable, "-m", "bootstrap.cli"]
    worker = subprocess.Popen([*command, "worker"], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True,
                              preexec_fn=die_with_parent)  # fmt: skip
    try:
        assert worker.stderr is not None
        started = [worker.stderr.readline() for _ in range(1)]
        while "worker on" not in started[-1] and started[-1] and len(started) < 50:
            started.append(worker.stderr.readline())  # what it logs before (e.g. migrating the database)
        assert "worker on" in started[-1], started
        run = subprocess.run(
            [*command, "run", "--source", "synthetic", "seasons=2,seed=7,teams=10",
             "--as-of", "2022-12-02T12:00:00Z", "--workflow-id", f"traced-{task_queue}", "--no-worker"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert run.returncode == 0, run.stderr[-2000:]
        metrics = _samples(httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10).text)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
    log_lines = [json.loads(line) for line in (worker.stderr.read() if worker.stderr else "").splitlines()
                 if line.startswith("{")]  # fmt: skip

    ingested = {labels["kind"]: value for labels, value in metrics["stakewise_rows_ingested_total"]
                if labels["source"] == "synthetic"}  # fmt: skip
    assert ingested["fixtures"] > 0
    assert ingested["odds"] > 0
    assert "stakewise_rows_quarantined_total" in metrics
    assert metrics["stakewise_edges_found_total"][0][1] > 0
    assert metrics["stakewise_pipeline_tickets_issued_total"][0][1] > 0
    assert any(labels["role"] == "challenger" for labels, _ in metrics["stakewise_model_score"])
    assert any(name.startswith("temporal_") for name in metrics), "temporalio's runtime metrics"

    finished = [line for line in log_lines if line.get("event") == "activity finished"]
    assert finished
    assert all(line["workflow_id"] and line["activity"] and line["trace_id"] for line in finished)

    spans = [json.loads(line) for line in spans_file.read_text().splitlines()]
    root = next(span for span in spans if span["name"].startswith("stakewise run"))
    trace: list[dict[str, Any]] = [
        s for s in spans if s["context"]["trace_id"] == root["context"]["trace_id"]
    ]
    names = {span["name"] for span in trace}
    assert "RunWorkflow:PipelineWorkflow" in names, sorted(names)
    assert {"RunActivity:pipeline.ingest", "RunActivity:pipeline.issue"} <= names, sorted(names)
    assert {"use_case IngestSource", "use_case TrainModel", "use_case IssueTicket"} <= names, sorted(names)
    assert {"policy decide", "optimizer solve"} <= names, sorted(names)
