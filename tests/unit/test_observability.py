"""JSON log lines carry the trace they belong to; an embedded server that fails to start names its log."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import structlog
from opentelemetry.sdk.trace import TracerProvider

from adapters.observability.logs import configure_logging
from bootstrap.services.temporal_server import TemporalDevServer, TemporalServerError

if TYPE_CHECKING:
    from collections.abc import Iterator

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def restored_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level, config = list(root.handlers), root.level, structlog.get_config()
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    structlog.configure(**config)


@pytest.mark.usefixtures("restored_logging")
def test_log_lines_are_json_with_context_and_the_current_trace(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("info", "worker")
    tracer = TracerProvider().get_tracer("test")
    with (
        tracer.start_as_current_span("activity") as span,
        structlog.contextvars.bound_contextvars(workflow_id="wf-1", activity="pipeline.ingest"),
    ):
        structlog.stdlib.get_logger("stakewise.test").info("activity finished", rows=3)
        logging.getLogger("stakewise.stdlib").warning("plain %s", "logging", extra={"source": "x"})
    logging.getLogger("stakewise.test").debug("below the level")
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    trace_id = format(span.get_span_context().trace_id, "032x")
    assert [line["event"] for line in lines] == ["activity finished", "plain logging"]
    for line in lines:
        assert line["component"] == "worker"
        assert line["trace_id"] == trace_id
        assert line["workflow_id"] == "wf-1"
        assert line["activity"] == "pipeline.ingest"
        assert line["ts"]
    assert lines[0]["rows"] == 3
    assert lines[1]["source"] == "x"
    assert lines[1]["level"] == "warning"


def test_a_dev_server_that_fails_to_start_names_its_log_and_quotes_it(tmp_path: Path) -> None:
    binary = tmp_path / "temporal"
    binary.write_text("#!/bin/sh\necho 'listen tcp 127.0.0.1:7233: bind: address already in use'\nexit 3\n")
    binary.chmod(0o755)
    server = TemporalDevServer(tmp_path / "state", binary=binary)
    with pytest.raises(TemporalServerError) as failed:
        server.start()
    message = str(failed.value)
    assert str(server.log_file) in message
    assert "address already in use" in message


def test_the_command_line_logs_json_at_debug_with_verbose_and_stays_quiet_without() -> None:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("STAKEWISE_")}
    command = [sys.executable, "-m", "bootstrap.cli"]
    devig = ["odds", "devig", "--method", "shin", "2.10", "3.40", "3.60", "--json"]
    verbose = subprocess.run([*command, "-v", *devig], env=environment, cwd=ROOT,
                             capture_output=True, text=True, timeout=60, check=True)  # fmt: skip
    quiet = subprocess.run([*command, *devig], env=environment, cwd=ROOT,
                           capture_output=True, text=True, timeout=60, check=True)  # fmt: skip
    lines = [json.loads(line) for line in verbose.stderr.splitlines()]
    finished = next(line for line in lines if line["event"] == "command finished")
    assert finished["component"] == "cli"
    assert finished["command"] == "odds devig"
    assert finished["exit_code"] == 0
    assert json.loads(verbose.stdout) == json.loads(quiet.stdout)
    assert quiet.stderr == ""
