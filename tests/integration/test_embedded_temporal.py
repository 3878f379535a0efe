"""Life cycle of the embedded Temporal dev server: on-demand leases, `services up/down`, stale records."""

from __future__ import annotations

import json
import os
import signal
import time
from typing import TYPE_CHECKING

import pytest

from bootstrap.services.records import pid_alive
from bootstrap.services.temporal import EmbeddedTemporal
from bootstrap.services.temporal_server import serving

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@pytest.fixture
def temporal(tmp_path: Path) -> Iterator[EmbeddedTemporal]:
    embedded = EmbeddedTemporal(tmp_path / "var")
    yield embedded
    embedded.down()


def record_of(temporal: EmbeddedTemporal) -> dict[str, object] | None:
    path = temporal.records.path
    return json.loads(path.read_text()) if path.exists() else None


def wait_until_dead(pid: int) -> None:
    deadline = time.monotonic() + 10
    while pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not pid_alive(pid)


def test_a_lease_starts_the_server_on_demand_and_stops_it_after(temporal: EmbeddedTemporal) -> None:
    with temporal.lease() as address:
        status = temporal.status()
        assert serving(address)
        assert status.address == address
        assert status.mode == "on-demand"
        assert status.users == (os.getpid(),)
        assert (temporal.server.state_dir / "dev.db").exists()
        pid = status.pid
    assert pid is not None
    wait_until_dead(pid)
    assert record_of(temporal) is None
    assert not temporal.status().running


def test_a_server_brought_up_by_hand_outlives_leases_until_down(temporal: EmbeddedTemporal) -> None:
    up = temporal.up()
    with temporal.lease() as address:
        assert address == up.address
    assert temporal.status().running
    assert temporal.status().mode == "manual"

    assert temporal.down() is True
    assert up.pid is not None
    wait_until_dead(up.pid)
    assert temporal.down() is False


def test_a_killed_server_leaves_a_stale_record_that_is_cleaned(temporal: EmbeddedTemporal) -> None:
    up = temporal.up()
    assert up.pid is not None
    os.kill(up.pid, signal.SIGKILL)
    wait_until_dead(up.pid)
    assert record_of(temporal) is not None

    status = temporal.status()

    assert not status.running
    assert status.stale_cleaned
    assert record_of(temporal) is None
    with temporal.lease() as address:  # and the next command starts a fresh server on the same state
        assert serving(address)


def test_a_server_running_without_a_record_is_adopted_and_never_stopped_by_a_lease(
    temporal: EmbeddedTemporal,
) -> None:
    started = temporal.server.start()
    with temporal.lease() as address:
        assert address == started.address
    assert pid_alive(started.pid)
    assert temporal.status().mode == "manual"
