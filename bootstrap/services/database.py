"""Life cycle of the embedded PostgreSQL of a var folder (DESIGN.md, "Life cycle of the embedded services").

- A command that needs the database and finds no `STAKEWISE_DATABASE_URL` uses `lease()`: it starts the
  server unless it runs, records it in `var/run/postgres.json` (pid, address, users) and, when it leaves,
  stops the server if the server was started on demand and no other live command still uses it.
- `up()` starts it for good (`stakewise services up`); only `down()` stops it then.
- Every entry first drops a stale record (dead pid) and the leftovers of a dead server.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bootstrap.services.lifecycle import RecordedService
from bootstrap.services.postgres import EmbeddedPostgres
from bootstrap.services.records import MANUAL, RecordStore, ServiceRecord

SERVICE = "postgres"
DATABASE = "stakewise"


@dataclass(frozen=True)
class DatabaseStatus:
    running: bool
    pid: int | None
    url: str | None
    mode: str | None
    users: tuple[int, ...]
    data_dir: Path
    stale_cleaned: bool


class EmbeddedDatabase(RecordedService[DatabaseStatus]):
    """The embedded server of one var folder: data in `var/pg`, record in `var/run`."""

    def __init__(self, var_dir: Path, *, durable: bool = True, database: str = DATABASE) -> None:
        self.server = EmbeddedPostgres(var_dir / "pg", durable=durable)
        self.records = RecordStore(var_dir / "run", SERVICE)
        self.database = database

    def _launch(self, mode: str) -> ServiceRecord:
        postmaster = self.server.start()
        self.server.ensure_database(self.database)
        return ServiceRecord(
            SERVICE, postmaster.pid, postmaster.url(self.database), str(self.server.data_dir), mode
        )

    def _stop_server(self) -> bool:
        return self.server.stop()

    def _current_record(self) -> tuple[ServiceRecord | None, bool]:
        """The record of the running server; a stale record and a dead server's leftovers are removed."""
        record = self.records.read()
        running = self.server.postmaster()
        if record is not None and running is not None and running.pid == record.pid:
            return record.with_live_users(), False
        self.records.remove()
        stale = self.server.clean_stale() or record is not None
        if running is None:
            return None, stale
        # running without a record: started by hand or the record was lost, so never ours to stop
        adopted = ServiceRecord(
            SERVICE, running.pid, running.url(self.database), str(self.server.data_dir), MANUAL
        )
        self.records.write(adopted)
        return adopted, stale

    def _status(self, record: ServiceRecord | None, cleaned: bool) -> DatabaseStatus:
        if record is None:
            return DatabaseStatus(False, None, None, None, (), self.server.data_dir, cleaned)
        return DatabaseStatus(
            True, record.pid, record.address, record.mode, record.users, self.server.data_dir, cleaned
        )
