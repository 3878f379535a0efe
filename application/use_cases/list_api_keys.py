"""Use case: list the API keys (never their secrets), for an administrator."""

from __future__ import annotations

from dataclasses import dataclass

from application.ports.access_repository import AccessRepository
from domain.access import ApiKeyRecord


@dataclass(frozen=True, slots=True)
class ListApiKeysRequest:
    partner_id: str | None = None  # only that partner's keys


class ListApiKeys:
    """Every key (or one partner's), oldest first: id, role, partner, created, revoked and expiry times."""

    def __init__(self, access: AccessRepository) -> None:
        self._access = access

    async def execute(self, request: ListApiKeysRequest) -> list[ApiKeyRecord]:
        return await self._access.keys(request.partner_id)
