"""The life cycle every embedded server shares: a record in `var/run`, leases by commands, up and down.

A command that needs the server uses `lease()`: it starts the server unless it runs, records it (pid,
address, users) and, when it leaves, stops the server if it was started on demand and no other live command
still uses it. `up()` starts it for good (`stakewise services up`); only `down()` stops it then. Every entry
first drops a stale record; a server found running without a record is adopted and never stopped by a lease.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Generic, TypeVar

from bootstrap.services.records import MANUAL, ON_DEMAND, RecordStore, ServiceRecord

if TYPE_CHECKING:
    from collections.abc import Iterator

StatusT = TypeVar("StatusT")


class RecordedService(ABC, Generic[StatusT]):
    records: RecordStore

    def status(self) -> StatusT:
        with self.records.locked():
            record, cleaned = self._current_record()
            return self._status(record, cleaned)

    def up(self) -> StatusT:
        with self.records.locked():
            record, cleaned = self._current_record()
            record = replace(self._start(record, MANUAL), mode=MANUAL)
            self.records.write(record)
            return self._status(record, cleaned)

    def down(self) -> bool:
        with self.records.locked():
            self._current_record()
            stopped = self._stop_server()
            self.records.remove()
            return stopped

    @contextmanager
    def lease(self) -> Iterator[str]:
        """The server's address for the lifetime of the block; stopped after if this lease started it."""
        me = os.getpid()
        with self.records.locked():
            record, _ = self._current_record()
            record = self._start(record, ON_DEMAND).with_user(me)
            self.records.write(record)
        try:
            yield record.address
        finally:
            self._release(me)

    def _release(self, me: int) -> None:
        with self.records.locked():
            record, _ = self._current_record()
            if record is None:
                return
            record = record.without_user(me)
            if record.mode == ON_DEMAND and not record.users:
                self._stop_server()
                self.records.remove()
            else:
                self.records.write(record)

    def _start(self, record: ServiceRecord | None, mode: str) -> ServiceRecord:
        return record if record is not None else self._launch(mode)

    @abstractmethod
    def _launch(self, mode: str) -> ServiceRecord:
        """Start the server and describe it in a record of the given mode."""

    @abstractmethod
    def _stop_server(self) -> bool: ...

    @abstractmethod
    def _current_record(self) -> tuple[ServiceRecord | None, bool]:
        """The record of the running server and whether a stale one was cleaned."""

    @abstractmethod
    def _status(self, record: ServiceRecord | None, cleaned: bool) -> StatusT: ...
