"""Port: Idempotency-Key claims, so a retried request returns the ticket of the first one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True, slots=True)
class IdempotencyRecord:
    partner_id: str
    key: str
    fingerprint: str
    ticket_id: str | None
    created_at: datetime


class IdempotencyStore(Protocol):
    async def claim(
        self, partner_id: str, key: str, fingerprint: str, at: datetime
    ) -> IdempotencyRecord | None:
        """Claim the key inside the current transaction: None when this call claimed it, otherwise the
        record of the earlier request. A concurrent claim of the same key waits for the first to finish."""
        ...

    async def complete(self, partner_id: str, key: str, ticket_id: str) -> None:
        """Attach the issued ticket to the claimed key."""
        ...

    async def release(self, partner_id: str, key: str) -> None:
        """Drop a claim whose request issued nothing, so the key may be retried."""
        ...
