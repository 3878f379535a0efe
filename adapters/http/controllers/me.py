"""Who am I: the caller's key, role and partner."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency

from adapters.http.schemas import MeOut
from domain.access import Principal


class MeController(Controller):
    path = "/v1/me"
    tags = ["access"]  # noqa: RUF012

    @get("", summary="The calling API key's role and partner")
    async def me(self, principal: NamedDependency[Principal]) -> MeOut:
        return MeOut(key_id=principal.key_id, role=principal.role.value, partner_id=principal.partner_id)
