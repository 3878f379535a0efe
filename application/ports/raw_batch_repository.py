"""Port: bronze, every payload as received (never edited)."""

from __future__ import annotations

import uuid
from typing import Protocol

from application.pipeline.records import RawBatch


class RawBatchRepository(Protocol):
    async def add(self, batch: RawBatch) -> bool:
        """Store a payload; False (and nothing written) when a batch with its batch_id is already stored."""
        ...

    async def get(self, batch_id: uuid.UUID) -> RawBatch | None: ...

    async def versions(self, source: str, locator: str) -> list[RawBatch]:
        """Every batch stored for one locator of a source, oldest fetched_at first."""
        ...
