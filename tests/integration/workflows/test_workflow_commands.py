"""`stakewise schedule create`, `worker` and `services` for Temporal, run as a user runs them."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from temporalio.client import Client, ScheduleActionStartWorkflow

from bootstrap.services.records import pid_alive
from tests.integration.workflows.processes import die_with_parent

ROOT = Path(__file__).resolve().parents[3]


def _env(tmp_path: Path, **settings: str) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("STAKEWISE_")}
    return {**environment, "STAKEWISE_VAR_DIR": str(tmp_path / "var"), **settings}


def _stakewise(
    *arguments: str, env: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bootstrap.cli", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


async def test_schedule_create_makes_a_daily_pipeline_schedule_and_updates_it_when_run_again(
    fresh_database_url: str, temporal_address: str, client: Client, task_queue: str, tmp_path: Path
) -> None:
    env = _env(
        tmp_path,
        STAKEWISE_DATABASE_URL=fresh_database_url,
        STAKEWISE_TEMPORAL_ADDRESS=temporal_address,
        STAKEWISE_TEMPORAL_TASK_QUEUE=task_queue,
    )
    schedule_id = f"daily-{task_queue}"

    created = _stakewise("schedule", "create", "--id", schedule_id, "--json", env=env)
    again = _stakewise("schedule", "create", "--id", schedule_id, "--cron", "30 5 * * *", "--json", env=env)

    assert created.returncode == 0, created.stderr
    assert json.loads(created.stdout) == {
        "schedule_id": schedule_id, "cron": "0 6 * * *", "address": temporal_address, "updated": False,
    }  # fmt: skip
    assert again.returncode == 0
    assert json.loads(again.stdout)["updated"] is True
    handle = client.get_schedule_handle(schedule_id)
    try:
        described = await handle.describe()
        action = described.schedule.action
        assert isinstance(action, ScheduleActionStartWorkflow)
        assert (action.workflow, action.task_queue) == ("PipelineWorkflow", task_queue)
        calendar = described.schedule.spec.calendars[0]
        assert (calendar.hour[0].start, calendar.minute[0].start) == (5, 30)
    finally:
        await handle.delete()


def test_a_worker_stops_cleanly_on_sigterm(temporal_address: str, task_queue: str, tmp_path: Path) -> None:
    env = _env(
        tmp_path, STAKEWISE_TEMPORAL_ADDRESS=temporal_address, STAKEWISE_TEMPORAL_TASK_QUEUE=task_queue
    )
    worker = subprocess.Popen([sys.executable, "-m", "bootstrap.cli", "worker"], cwd=ROOT, env=env,
                              stderr=subprocess.PIPE, text=True, preexec_fn=die_with_parent)  # fmt: skip
    try:
        assert worker.stderr is not None
        ready = worker.stderr.readline()
        assert f"worker on {temporal_address}, task queue {task_queue}" in ready

        worker.send_signal(signal.SIGTERM)

        assert worker.wait(timeout=30) == 0
        assert "worker stopped" in worker.stderr.read()
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()


def test_services_up_status_and_down_manage_the_embedded_temporal_server(
    fresh_database_url: str, tmp_path: Path
) -> None:
    env = _env(tmp_path, STAKEWISE_DATABASE_URL=fresh_database_url)

    try:
        up = _by_name(_stakewise("services", "up", "--json", env=env))
        status = _by_name(_stakewise("services", "status", "--json", env=env))
        ui_answer = httpx.get(str(status["temporal"]["ui_url"]), timeout=10).status_code
    finally:
        down = _by_name(_stakewise("services", "down", "--json", env=env))

    assert up["postgres"]["mode"] == "external", "a configured database is never started here"
    assert up["temporal"]["running"]
    assert up["temporal"]["mode"] == "manual"
    assert status["temporal"]["pid"] == up["temporal"]["pid"]
    assert status["temporal"]["address"]
    assert str(status["temporal"]["ui_url"]).startswith("http://127.0.0.1:")
    assert ui_answer == 200, "the Temporal Web UI answers at ui_url"
    assert not down["temporal"]["running"]
    pid = int(str(up["temporal"]["pid"]))
    deadline = time.monotonic() + 10
    while pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not pid_alive(pid)


def _by_name(result: subprocess.CompletedProcess[str]) -> dict[str, dict[str, object]]:
    assert result.returncode == 0, result.stderr
    return {service["name"]: service for service in json.loads(result.stdout)["services"]}
