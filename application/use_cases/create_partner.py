"""Use case: register a partner (an operator that integrates against the API)."""

from __future__ import annotations

from dataclasses import dataclass

from application.ports.access_repository import AccessRepository
from application.ports.clock import Clock
from application.ports.secret_source import SecretSource
from domain.access import Partner
from domain.errors import DomainError


@dataclass(frozen=True, slots=True)
class CreatePartnerRequest:
    name: str


class CreatePartner:
    """Create a partner.

    Rules: the name is required (1 to 200 characters after trimming); the partner gets a fresh id.
    """

    def __init__(self, access: AccessRepository, clock: Clock, secrets: SecretSource) -> None:
        self._access, self._clock, self._secrets = access, clock, secrets

    async def execute(self, request: CreatePartnerRequest) -> Partner:
        name = request.name.strip()
        if not 1 <= len(name) <= 200:
            raise DomainError("invalid partner name: must have 1 to 200 characters")
        partner = Partner(self._secrets.new_id(), name, self._clock.now())
        await self._access.add_partner(partner)
        return partner
