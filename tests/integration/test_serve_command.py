"""`stakewise serve` end to end: it migrates, serves from the composition root, and stops on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.integration.servers import ROOT, free_port

STAKEWISE = Path(sys.executable).with_name("stakewise")


def test_serve_answers_and_stops_cleanly_on_sigterm(fresh_database_url: str) -> None:
    port = free_port()
    env = {**os.environ, "STAKEWISE_DATABASE_URL": fresh_database_url}
    command = [str(STAKEWISE), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        ready = _wait_until_ready(f"http://127.0.0.1:{port}", server)
        assert ready == {"status": "ok", "components": {"database": "ok", "policy engine": "ok"}}
    finally:
        server.send_signal(signal.SIGTERM)
        code = server.wait(timeout=20)
    assert code == 0, server.stderr.read().decode()[-2000:] if server.stderr else code


def test_serve_refuses_a_bad_port_with_exit_code_2() -> None:
    run = subprocess.run(
        [str(STAKEWISE), "serve", "--port", "0"], capture_output=True, text=True, check=False
    )
    assert run.returncode == 2
    assert "--port" in run.stderr


def _wait_until_ready(base: str, server: subprocess.Popen[bytes]) -> object:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "stakewise serve exited early"
        try:
            response = httpx.get(f"{base}/health/ready", timeout=2)
            if response.status_code == 200:
                return response.json()
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError("stakewise serve was not ready within 60 s")
