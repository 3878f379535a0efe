"""Records of the embedded servers under ./var/run/: who runs, where, and which commands use it.

One JSON file per service, read and written under an exclusive file lock, so two commands started at
the same moment agree on who starts and who stops the server.
"""

from __future__ import annotations

import fcntl
import json
import os
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

MANUAL = "manual"  # started by `stakewise services up`: runs until `services down`
ON_DEMAND = "on-demand"  # started by a command: stopped when its last user leaves


@dataclass(frozen=True)
class ServiceRecord:
    service: str
    pid: int
    address: str
    data_dir: str
    mode: str
    users: tuple[int, ...] = field(default=())

    def with_user(self, pid: int) -> ServiceRecord:
        return replace(self, users=(*self.users, pid))

    def without_user(self, pid: int) -> ServiceRecord:
        """One lease of `pid` fewer (a command may hold nested leases)."""
        users = list(self.users)
        if pid in users:
            users.remove(pid)
        return replace(self, users=tuple(users))

    def with_live_users(self) -> ServiceRecord:
        return replace(self, users=tuple(user for user in self.users if pid_alive(user)))


class RecordStore:
    """The record of one service in a run folder, e.g. ./var/run/postgres.json."""

    def __init__(self, run_dir: Path, service: str) -> None:
        self.run_dir = run_dir
        self.service = service
        self.path = run_dir / f"{service}.json"

    @contextmanager
    def locked(self) -> Iterator[RecordStore]:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        with (self.run_dir / f"{self.service}.lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield self
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def read(self) -> ServiceRecord | None:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return ServiceRecord(**{**raw, "users": tuple(raw.get("users", ()))})
        except FileNotFoundError:
            return None
        except (ValueError, TypeError):
            return None  # a torn or foreign file is as good as no record: the caller re-checks the server

    def write(self, record: ServiceRecord) -> None:
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(asdict(record)), encoding="utf-8")
        temporary.replace(self.path)

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def pid_alive(pid: int) -> bool:
    """True for a running process (a zombie, dead but not yet reaped, counts as dead)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return process_state(pid) not in ("Z", "X")


def process_name(pid: int) -> str | None:
    """The command name of a process from /proc, or None where /proc is not available."""
    stat = _proc_stat(pid)
    return None if stat is None else stat[stat.index("(") + 1 : stat.rindex(")")]


def process_state(pid: int) -> str | None:
    stat = _proc_stat(pid)
    return None if stat is None else stat[stat.rindex(")") + 2 :].split(" ", 1)[0]


def _proc_stat(pid: int) -> str | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
