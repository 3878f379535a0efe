"""Port: quarantine, the source rows that failed validation, each with its reason."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Protocol

from application.pipeline.records import QuarantinedRow


class QuarantineRepository(Protocol):
    async def add(self, rows: Sequence[QuarantinedRow]) -> int:
        """Store rows not stored yet (identity: batch_id, row); returns how many were new."""
        ...

    async def for_batch(self, batch_id: uuid.UUID) -> list[QuarantinedRow]:
        """The quarantined rows of one batch, ordered by row."""
        ...

    async def count(self) -> int: ...
