"""Use case: turn a presented API key into the caller's principal."""

from __future__ import annotations

from dataclasses import dataclass

from application.errors import Unauthenticated
from application.ports.access_repository import AccessRepository
from application.ports.clock import Clock
from domain.access import InvalidApiKey, PresentedKey, Principal


@dataclass(frozen=True, slots=True)
class AuthenticateRequest:
    raw_key: str


class AuthenticateApiKey:
    """Authenticate a caller by API key.

    Rules: the key must be well formed, known, neither revoked nor expired, and its secret's SHA-256 must
    equal the stored hash (compared in constant time). A malformed, unknown, revoked, expired or wrong key
    all fail the same way, so a caller learns nothing about which keys exist. The stored key is read on
    every call: a revocation applies to the next request, on every server.
    """

    def __init__(self, access: AccessRepository, clock: Clock) -> None:
        self._access, self._clock = access, clock

    async def execute(self, request: AuthenticateRequest) -> Principal:
        try:
            presented = PresentedKey.parse(request.raw_key)
        except InvalidApiKey as error:
            raise Unauthenticated("invalid API key") from error
        stored = await self._access.key(presented.key_id)
        if (
            stored is None
            or not stored.active_at(self._clock.now())
            or not presented.matches(stored.secret_hash)
        ):
            raise Unauthenticated("invalid API key")
        return stored.principal()
