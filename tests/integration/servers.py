"""Real API server processes for integration tests and benchmarks (granian, on 127.0.0.1 only)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

ROOT = Path(__file__).resolve().parents[2]
REAL_FACTORY = "bootstrap.api:create_app"
AUDIT_KEY = "integration-test-audit-key"  # the servers' STAKEWISE_AUDIT_KEY (their chain's HMAC key)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def api_servers(
    database_url: str,
    count: int = 2,
    factory: str = REAL_FACTORY,
    env: Mapping[str, str] | None = None,
    workers: int = 1,
) -> Iterator[list[str]]:
    """Start `count` separate server processes on free ports; yield their base URLs; stop them.
    They share a var folder of their own and the audit key AUDIT_KEY."""
    log_dir = Path(tempfile.mkdtemp(prefix="stakewise-api-"))
    environment = {
        **os.environ,
        "STAKEWISE_DATABASE_URL": database_url,
        "STAKEWISE_VAR_DIR": str(log_dir / "var"),
        "STAKEWISE_AUDIT_KEY": AUDIT_KEY,
        "PYTHONPATH": str(ROOT),
        "STAKEWISE_API_RATE_LIMIT": "100000",
        "STAKEWISE_API_RATE_BURST": "100000",
        **(env or {}),
    }
    ports = [free_port() for _ in range(count)]
    logs = [(log_dir / f"{port}.log").open("wb") for port in ports]
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "granian",
                "--interface",
                "asgi",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(workers),
                "--log-level",
                "warning",
                factory,
            ],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        for port, log in zip(ports, logs, strict=True)
    ]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for url, process in zip(urls, processes, strict=True):
            _wait_until_live(url, process, log_dir)
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for log in logs:
            log.close()
        shutil.rmtree(log_dir, ignore_errors=True)


def _wait_until_live(
    url: str, process: subprocess.Popen[bytes], log_dir: Path, timeout: float = 30.0
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = (log_dir / f"{url.rsplit(':', 1)[1]}.log").read_text(errors="replace")[-3000:]
            raise RuntimeError(f"the API server for {url} exited with {process.returncode}:\n{log}")
        try:
            if httpx.get(f"{url}/health/live", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"the API server {url} did not answer within {timeout:.0f} s")
