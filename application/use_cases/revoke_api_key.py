"""Use case: revoke an API key."""

from __future__ import annotations

from dataclasses import dataclass

from application.errors import NotFound
from application.ports.access_repository import AccessRepository
from application.ports.clock import Clock


@dataclass(frozen=True, slots=True)
class RevokeApiKeyRequest:
    key_id: str


class RevokeApiKey:
    """Revoke a key.

    Rules: only an active key can be revoked; a revoked key never authenticates again (servers that cache
    authentications stop accepting it within their cache lifetime).
    """

    def __init__(self, access: AccessRepository, clock: Clock) -> None:
        self._access, self._clock = access, clock

    async def execute(self, request: RevokeApiKeyRequest) -> None:
        if not await self._access.revoke_key(request.key_id, self._clock.now()):
            raise NotFound("active API key", request.key_id)
