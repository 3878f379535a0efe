"""Use case: issue a new API key for a role (and, for the partner role, a partner)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from application.errors import NotFound
from application.ports.access_repository import AccessRepository
from application.ports.clock import Clock
from application.ports.secret_source import SecretSource
from domain.access import ApiKeyRecord, PresentedKey, Role, secret_hash
from domain.errors import DomainError


@dataclass(frozen=True, slots=True)
class CreateApiKeyRequest:
    role: Role
    partner_id: str | None = None
    expires_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class CreatedApiKey:
    record: ApiKeyRecord
    key: str  # shown once, never stored


class CreateApiKey:
    """Create an API key.

    Rules: a partner key names an existing partner; keys of the other roles may name one too, and then
    read that partner's data only. An expiry, when given, is in the future. Only the SHA-256 of the secret
    is stored: the full key is returned once and cannot be recovered afterwards. Creating (and revoking) a
    key is an entry of the audit log.
    """

    def __init__(self, access: AccessRepository, clock: Clock, secrets: SecretSource) -> None:
        self._access, self._clock, self._secrets = access, clock, secrets

    async def execute(self, request: CreateApiKeyRequest) -> CreatedApiKey:
        if request.role is Role.PARTNER and not request.partner_id:
            raise DomainError("a partner key needs --partner: the partner it acts for")
        if request.partner_id and await self._access.partner(request.partner_id) is None:
            raise NotFound("partner", request.partner_id)
        now = self._clock.now()
        if request.expires_at is not None and request.expires_at <= now:
            raise DomainError(f"invalid expiry {request.expires_at.isoformat()}: not in the future")
        presented = PresentedKey(self._secrets.new_key_id(), self._secrets.new_secret())
        record = ApiKeyRecord(
            key_id=presented.key_id,
            secret_hash=secret_hash(presented.secret),
            role=request.role,
            partner_id=request.partner_id,
            created_at=now,
            expires_at=request.expires_at,
        )
        await self._access.add_key(record)
        return CreatedApiKey(record, str(presented))
