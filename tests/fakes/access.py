"""In-memory fakes of the access ports (they pass the same contract tests as the PostgreSQL adapter)."""

from __future__ import annotations

import dataclasses
import itertools
import secrets
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from domain.access import ApiKeyRecord, Partner


class InMemoryAccessRepository:
    def __init__(self) -> None:
        self._partners: dict[str, Partner] = {}
        self._keys: dict[str, ApiKeyRecord] = {}

    async def add_partner(self, partner: Partner) -> None:
        self._partners[partner.partner_id] = partner

    async def partner(self, partner_id: str) -> Partner | None:
        return self._partners.get(partner_id)

    async def partners(self) -> list[Partner]:
        return sorted(self._partners.values(), key=lambda p: (p.created_at, p.partner_id))

    async def add_key(self, key: ApiKeyRecord) -> None:
        if key.key_id in self._keys:
            raise ValueError(f"duplicate key id {key.key_id}")
        self._keys[key.key_id] = key

    async def key(self, key_id: str) -> ApiKeyRecord | None:
        return self._keys.get(key_id)

    async def keys(self, partner_id: str | None) -> list[ApiKeyRecord]:
        found = [k for k in self._keys.values() if partner_id is None or k.partner_id == partner_id]
        return sorted(found, key=lambda k: (k.created_at, k.key_id))

    async def revoke_key(self, key_id: str, at: datetime) -> bool:
        key = self._keys.get(key_id)
        if key is None or not key.active:
            return False
        self._keys[key_id] = dataclasses.replace(key, revoked_at=at)
        return True


class SteppingClock:
    """A clock that advances one millisecond per reading, so stored times are distinct and ordered."""

    def __init__(self, start: datetime | None = None) -> None:
        self._ticks = itertools.count()
        self._start = start or datetime(2025, 1, 1, tzinfo=UTC)

    def now(self) -> datetime:
        return self._start + timedelta(milliseconds=next(self._ticks))


class RandomSecrets:
    def new_id(self) -> str:
        return secrets.token_hex(16)

    def new_key_id(self) -> str:
        return secrets.token_hex(8)

    def new_secret(self) -> str:
        return secrets.token_urlsafe(32)
