"""The embedded Temporal dev server as `stakewise services up|down|status` sees it (see control.py)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from adapters.cli.services_cmd import ServiceState
from bootstrap.services.control import ExternalService, Service
from bootstrap.services.temporal import EmbeddedTemporal, TemporalStatus

if TYPE_CHECKING:
    from pathlib import Path

NAME = "temporal"


class TemporalService:
    name = NAME

    def __init__(self, var_dir: Path) -> None:
        self._temporal = EmbeddedTemporal(var_dir)

    def status(self) -> ServiceState:
        return _state(self._temporal.status())

    def up(self) -> ServiceState:
        return _state(self._temporal.up())

    def down(self) -> ServiceState:
        stopped = self._temporal.down()
        return ServiceState(NAME, False, None, None, "stopped", "stopped" if stopped else "was not running")


def temporal_service(var_dir: Path, configured_address: str | None) -> Service:
    if configured_address:
        return ExternalService(NAME, configured_address)
    return TemporalService(var_dir)


def _state(status: TemporalStatus) -> ServiceState:
    note = "stale record cleaned" if status.stale_cleaned else ""
    if not status.running:
        return ServiceState(NAME, False, None, None, "stopped", note)
    state = ServiceState(NAME, True, status.pid, status.address, status.mode or "manual", note)
    return replace(state, ui_url=status.ui_url)
