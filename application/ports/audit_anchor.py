"""Port: what anchors the audit chain outside the database: its HMAC key, and the checkpointed head."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True, slots=True)
class AuditHead:
    """The last entry of the chain as of one append batch: its sequence number and hash."""

    seq: int
    hash: str
    at: datetime | None = None


class AuditAnchor(Protocol):
    def key(self) -> bytes:
        """The secret every entry's HMAC is keyed with."""
        ...

    def checkpoint(self, head: AuditHead) -> None:
        """Remember the head after an append batch committed (a later head is never replaced by an
        earlier one, whichever process writes first)."""
        ...

    def head(self) -> AuditHead | None:
        """The last head checkpointed, or None when nothing was."""
        ...
