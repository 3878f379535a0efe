"""Port: partners and their API keys (only hashes of the secrets are stored)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from domain.access import ApiKeyRecord, Partner


class AccessRepository(Protocol):
    async def add_partner(self, partner: Partner) -> None: ...

    async def partner(self, partner_id: str) -> Partner | None: ...

    async def partners(self) -> list[Partner]: ...

    async def add_key(self, key: ApiKeyRecord) -> None: ...

    async def key(self, key_id: str) -> ApiKeyRecord | None: ...

    async def keys(self, partner_id: str | None) -> list[ApiKeyRecord]:
        """Every key, or only the keys of one partner."""
        ...

    async def revoke_key(self, key_id: str, at: datetime) -> bool:
        """Mark a key revoked; False when there is no such active key."""
        ...
