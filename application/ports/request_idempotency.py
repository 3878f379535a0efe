"""Port: Idempotency-Key claims of partner requests other than tickets (payments, customer registration)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class EarlierRequest:
    fingerprint: str
    response: dict[str, Any] | None  # None while the first request has not finished


class RequestIdempotency(Protocol):
    async def claim(self, partner_id: str, scope: str, key: str, fingerprint: str) -> EarlierRequest | None:
        """Claim the key for this transaction: None when this call claimed it, else the earlier request.
        A concurrent claim of the same key waits for the first transaction to end."""
        ...

    async def complete(self, partner_id: str, scope: str, key: str, response: dict[str, Any]) -> None:
        """Keep the response, returned again to a retry with the same key and request."""
        ...

    async def release(self, partner_id: str, scope: str, key: str) -> None:
        """Drop a claim whose request stored nothing, so the key may be used again."""
        ...
