"""Life cycle of the embedded PostgreSQL: on-demand leases, `services up/down`, stale records cleaned."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import pytest

from bootstrap.services.database import EmbeddedDatabase
from bootstrap.services.records import pid_alive
from tests.integration.folders import server_folder

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@pytest.fixture(scope="module")
def var_dir() -> Iterator[Path]:
    folder = server_folder()
    yield folder
    EmbeddedDatabase(folder).down()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def database(var_dir: Path) -> Iterator[EmbeddedDatabase]:
    database = EmbeddedDatabase(var_dir, durable=False)
    yield database
    database.down()


def answers(database: EmbeddedDatabase) -> bool:
    return database.server.sql("SELECT 40 + 2", database="stakewise").strip() == "42"


def record_of(var_dir: Path) -> dict[str, object] | None:
    path = var_dir / "run" / "postgres.json"
    return json.loads(path.read_text()) if path.exists() else None


def wait_until_dead(pid: int) -> None:
    deadline = time.monotonic() + 10
    while pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not pid_alive(pid)


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_lease_starts_the_server_on_demand_and_stops_it_after(
    database: EmbeddedDatabase, var_dir: Path
) -> None:
    assert database.status().running is False
    with database.lease() as url:
        status = database.status()
        assert status.running
        assert status.mode == "on-demand"
        assert status.users == (os.getpid(),)
        assert url.startswith("postgresql+asyncpg://postgres@/stakewise?host=")
        assert record_of(var_dir) == {
            "service": "postgres", "pid": status.pid, "address": url, "data_dir": str(var_dir / "pg"),
            "mode": "on-demand", "users": [os.getpid()],
        }  # fmt: skip
        assert answers(database)
    assert database.status().running is False
    assert record_of(var_dir) is None
    assert not (var_dir / "pg" / "postmaster.pid").exists()


def test_nested_leases_stop_the_server_when_the_outer_one_ends(database: EmbeddedDatabase) -> None:
    with database.lease():
        with database.lease():
            assert database.status().users == (os.getpid(), os.getpid())
        assert database.status().running
        assert answers(database)
    assert database.status().running is False


def test_services_up_keeps_the_server_beyond_a_command_until_down(database: EmbeddedDatabase) -> None:
    started = database.up()
    assert started.running
    assert started.mode == "manual"
    with database.lease() as url:
        assert url == started.url
    assert database.status().running
    assert database.status().pid == started.pid
    assert database.up().pid == started.pid  # up twice: still one server
    assert database.down() is True
    assert database.status().running is False
    assert database.down() is False


def test_a_killed_server_leaves_a_stale_record_that_is_cleaned(
    database: EmbeddedDatabase, var_dir: Path
) -> None:
    pid = database.up().pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    wait_until_dead(pid)
    assert record_of(var_dir) is not None
    assert (var_dir / "pg" / "postmaster.pid").exists()
    status = database.status()
    assert status.running is False
    assert status.stale_cleaned is True
    assert record_of(var_dir) is None
    assert not (var_dir / "pg" / "postmaster.pid").exists()
    with database.lease():
        assert answers(database)  # recovered from the crash and serving again


def test_a_postmaster_pid_of_a_dead_process_is_cleaned_before_starting(
    database: EmbeddedDatabase, var_dir: Path
) -> None:
    with database.lease():
        pass
    leftover = var_dir / "pg" / "postmaster.pid"
    leftover.write_text(
        f"{dead_pid()}\n{var_dir / 'pg'}\n1700000000\n5432\n{var_dir / 'pg'}\n\n  0  0\nready   \n"
    )
    assert database.status().stale_cleaned is True
    assert not leftover.exists()
    with database.lease():
        assert answers(database)


def test_a_record_naming_a_live_process_that_is_not_the_server_is_stale(
    database: EmbeddedDatabase, var_dir: Path
) -> None:
    (var_dir / "run").mkdir(exist_ok=True)
    (var_dir / "run" / "postgres.json").write_text(
        json.dumps(
            {"service": "postgres", "pid": os.getpid(), "address": "x", "data_dir": "x", "mode": "manual"}
        )
    )
    status = database.status()
    assert status.running is False
    assert status.stale_cleaned is True
    assert record_of(var_dir) is None


def test_users_that_died_do_not_keep_an_on_demand_server_alive(
    database: EmbeddedDatabase, var_dir: Path
) -> None:
    with database.lease():
        record = record_of(var_dir)
        assert record is not None
        record["users"] = [dead_pid(), os.getpid()]
        (var_dir / "run" / "postgres.json").write_text(json.dumps(record))
    assert database.status().running is False
