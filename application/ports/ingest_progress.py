"""Port: where an ingest reports its progress (a progress bar, a log, a workflow heartbeat)."""

from __future__ import annotations

from typing import Protocol


class IngestProgress(Protocol):
    def started(self, source: str, payloads: int) -> None:
        """The ingest found this many payloads to process."""
        ...

    def payload_done(self, locator: str, fixtures: int, quarantined: int) -> None:
        """One payload was processed (fixtures inserted or changed, rows quarantined by this run)."""
        ...

    def payload_rejected(self, locator: str, reason: str) -> None:
        """One payload could not be read as a whole; nothing of its silver was stored."""
        ...
