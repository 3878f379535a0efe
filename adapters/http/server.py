"""`stakewise serve`: the partner API under granian, one or more worker processes.

The command resolves the database once (starting the embedded server if none is configured), then runs
granian in a fresh child process that builds each worker's app from the same composition root
(`--factory`). A fresh process, not a fork of this one: the command has loaded libraries (the embedded
OPA's Go runtime among them) that do not survive a fork. SIGINT and SIGTERM are passed on to the child's
process group (killed after a grace period), and the command returns when it has stopped, so the embedded
database it started is released.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType

DATABASE_URL_VARIABLE = "STAKEWISE_DATABASE_URL"
STOP_GRACE_SECONDS = 10.0


@dataclass(frozen=True)
class ApiServer:
    app_factory: str  # "module:function" of the ASGI app factory
    database_url: Callable[[], str]
    environment: Callable[[], dict[str, str]]  # the settings module's copy of this process's environment

    def command(self, host: str, port: int, workers: int) -> list[str]:
        return [
            sys.executable,
            "-m",
            "granian",
            "--interface",
            "asgi",
            "--factory",
            "--host",
            host,
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            self.app_factory,
        ]

    def run(self, host: str, port: int, workers: int) -> int:
        env = {**self.environment(), DATABASE_URL_VARIABLE: self.database_url()}
        with tempfile.TemporaryDirectory(prefix="stakewise-metrics-") as metrics_dir:
            if workers > 1:  # one /metrics over every worker: prometheus_client's multiprocess mode
                env["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
            child = subprocess.Popen(self.command(host, port, workers), env=env, start_new_session=True)  # noqa: S603  our fixed argv (granian, the app factory)
            return _supervise(child)


def _supervise(child: subprocess.Popen[bytes]) -> int:
    """Wait for the server; on SIGINT or SIGTERM stop it, and kill its whole group if it lingers."""
    stop_requested: list[float] = []

    def request_stop(number: int, _: FrameType | None) -> None:
        if not stop_requested:
            stop_requested.append(time.monotonic())
            os.killpg(child.pid, number)

    previous = {number: signal.signal(number, request_stop) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        while True:
            try:
                return child.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                if stop_requested and time.monotonic() - stop_requested[0] > STOP_GRACE_SECONDS:
                    os.killpg(child.pid, signal.SIGKILL)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
