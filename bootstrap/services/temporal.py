"""Life cycle of the embedded Temporal server of a var folder (DESIGN.md, "Life cycle of the embedded
services").

- A command that needs Temporal and finds no `STAKEWISE_TEMPORAL_ADDRESS` uses `lease()`: it starts the dev
  server unless it runs, records it in `var/run/temporal.json` (pid, address, users) and, when it leaves,
  stops the server if the server was started on demand and no other live command still uses it.
- `up()` starts it for good (`stakewise services up`); only `down()` stops it then.
- Every entry first drops a stale record (dead pid, or a pid that is no longer our server).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bootstrap.services.lifecycle import RecordedService
from bootstrap.services.records import MANUAL, RecordStore, ServiceRecord
from bootstrap.services.temporal_server import TemporalDevServer

SERVICE = "temporal"


@dataclass(frozen=True)
class TemporalStatus:
    running: bool
    pid: int | None
    address: str | None
    mode: str | None
    users: tuple[int, ...]
    state_dir: Path
    stale_cleaned: bool
    ui_url: str | None = None


class EmbeddedTemporal(RecordedService[TemporalStatus]):
    """The dev server of one var folder: state in `var/temporal`, record in `var/run`."""

    def __init__(self, var_dir: Path) -> None:
        self.server = TemporalDevServer(var_dir / "temporal")
        self.records = RecordStore(var_dir / "run", SERVICE)

    def _launch(self, mode: str) -> ServiceRecord:
        running = self.server.start()
        return ServiceRecord(SERVICE, running.pid, running.address, str(self.server.state_dir), mode)

    def _stop_server(self) -> bool:
        return self.server.stop()

    def _current_record(self) -> tuple[ServiceRecord | None, bool]:
        """The record of the running server; a stale record is removed."""
        record = self.records.read()
        running = self.server.running()
        if record is not None and running is not None and running.pid == record.pid:
            return record.with_live_users(), False
        self.records.remove()
        stale = record is not None
        if running is None:
            return None, stale
        # running without a record: started by hand or the record was lost, so never ours to stop
        adopted = ServiceRecord(SERVICE, running.pid, running.address, str(self.server.state_dir), MANUAL)
        self.records.write(adopted)
        return adopted, stale

    def _status(self, record: ServiceRecord | None, cleaned: bool) -> TemporalStatus:
        if record is None:
            return TemporalStatus(False, None, None, None, (), self.server.state_dir, cleaned)
        running = self.server.running()
        ui_url = running.ui_url if running is not None and running.pid == record.pid else None
        return TemporalStatus(
            True,
            record.pid,
            record.address,
            record.mode,
            record.users,
            self.server.state_dir,
            cleaned,
            ui_url,
        )
