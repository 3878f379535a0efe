"""Use case (bronze): store one payload exactly as received."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from application.pipeline.records import RawBatch, batch_id_for
from application.pipeline.sources import RawPayload
from application.ports.ingestion_unit_of_work import IngestionUnitOfWork


@dataclass(frozen=True, slots=True)
class StoreRawPayloadRequest:
    payload: RawPayload


@dataclass(frozen=True, slots=True)
class StoredBatch:
    batch_id: uuid.UUID
    source: str
    locator: str
    sha256: str
    size: int
    new: bool


class StoreRawPayload:
    """Bronze: every payload is kept as received, with its sha256.

    Rules: the batch id is derived from the source and the sha256, so it names this exact content (the
    dataset version that silver rows, features and models record); storing the same content again stores
    nothing and says so (`new` is False); a changed payload is a new batch, the old one is never edited.
    """

    def __init__(self, unit_of_work: Callable[[], IngestionUnitOfWork]) -> None:
        self._unit_of_work = unit_of_work

    async def execute(self, request: StoreRawPayloadRequest) -> StoredBatch:
        payload = request.payload
        sha256 = hashlib.sha256(payload.content).hexdigest()
        batch = RawBatch(batch_id_for(payload.source, sha256), payload.source, payload.locator,
                         payload.fetched_at, sha256, payload.content)  # fmt: skip
        async with self._unit_of_work() as uow:
            new = await uow.raw_batches.add(batch)
            await uow.commit()
        return StoredBatch(batch.batch_id, batch.source, batch.locator, sha256, batch.size, new)
