"""Shared pieces of the controllers: the caller's principal, paging parameters, role sets."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request
from litestar.di import Provide
from litestar.params import HeaderParameter, Parameter

from adapters.http.security import allow, principal_of
from application.pagination import MAX_PAGE_SIZE, PageRequest
from domain.access import Principal, Role

PARTNER_ONLY = [allow(Role.PARTNER)]
PARTNER_DATA_READERS = [allow(Role.PARTNER, Role.AUDITOR)]
OWNER_OR_ADMIN = [allow(Role.PARTNER, Role.ADMIN)]
AUDITORS = [allow(Role.AUDITOR)]
MARKET_DATA_READERS = [allow(Role.PARTNER, Role.QUANT, Role.AUDITOR)]
QUANTS = [allow(Role.QUANT)]
QUANTS_AND_AUDITORS = [allow(Role.QUANT, Role.AUDITOR)]

Limit = Annotated[int, Parameter(ge=1, le=MAX_PAGE_SIZE, description="items per page")]
Cursor = Annotated[
    str | None,
    Parameter(max_length=200, pattern=r"^[A-Za-z0-9_=-]+$", description="next_cursor of the previous page"),
]

OptionalIdempotencyKey = Annotated[
    str | None,
    HeaderParameter(
        name="Idempotency-Key",
        min_length=1,
        max_length=200,
        pattern=r"^[\x21-\x7e]+$",
        required=False,
        description="a retry with the same key and body gets the first answer; with another body: 422",
    ),
]


def _principal(request: Request[Any, Any, Any]) -> Principal:
    return principal_of(request)


PRINCIPAL = {"principal": Provide(_principal, sync_to_thread=False)}


def page_request(limit: int, cursor: str | None) -> PageRequest:
    return PageRequest(limit=limit, cursor=cursor)
