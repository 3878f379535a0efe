"""Authentication by API key, role guards and a rate limit per key.

Keys arrive as `Authorization: Bearer sw_...`. By default every request reads its key from the database,
so a revocation or an expiry applies to the next request on every worker. An operator may cache successful
authentications for a few seconds (STAKEWISE_API_AUTH_CACHE_SECONDS, keyed by the SHA-256 of the whole
key), trading that for a database round trip less per request: a revoked key then works until its cached
success expires.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from litestar.types import ASGIApp, Guard

from adapters.http.problems import RATE_LIMITED, ProblemException
from application.errors import Unauthenticated
from domain.access import Principal, Role

Authenticate = Callable[[str], Awaitable[Principal]]
BEARER = "bearer "
Connection = ASGIConnection[Any, Any, Any, Any]


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float


@dataclass(slots=True)
class RateLimiter:
    """A token bucket per key: `rate` requests per second sustained, bursts up to `burst`.

    Buckets live in the server process: with N workers a key may get up to N times the rate in total.
    """

    rate: float
    burst: float
    clock: Callable[[], float] = time.monotonic
    _buckets: dict[str, _Bucket] = field(default_factory=dict)

    def take(self, key_id: str) -> float:
        """Take one token; 0.0 when allowed, otherwise the seconds to wait before a token is free."""
        now = self.clock()
        bucket = self._buckets.setdefault(key_id, _Bucket(self.burst, now))
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) / self.rate


@dataclass(slots=True)
class CachedAuthenticator:
    authenticate: Authenticate
    ttl_seconds: float = 5.0
    clock: Callable[[], float] = time.monotonic
    _cache: dict[str, tuple[Principal, float]] = field(default_factory=dict)

    async def __call__(self, raw_key: str) -> Principal:
        if self.ttl_seconds <= 0:
            return await self.authenticate(raw_key)
        digest = hashlib.sha256(raw_key.encode("utf-8", "surrogateescape")).hexdigest()
        cached = self._cache.get(digest)
        now = self.clock()
        if cached is not None and cached[1] > now:
            return cached[0]
        principal = await self.authenticate(raw_key)
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[digest] = (principal, now + self.ttl_seconds)
        return principal


class ApiKeyMiddleware(AbstractAuthenticationMiddleware):
    def __init__(
        self, app: ASGIApp, authenticate: Authenticate, limiter: RateLimiter, exclude: list[str]
    ) -> None:
        super().__init__(app, exclude=exclude)
        self._authenticate, self._limiter = authenticate, limiter

    async def authenticate_request(self, connection: Connection) -> AuthenticationResult:
        header = connection.headers.get("authorization", "")
        if not header.lower().startswith(BEARER):
            raise NotAuthorizedException("missing API key: send 'Authorization: Bearer <key>'")
        try:
            principal = await self._authenticate(header[len(BEARER) :].strip())
        except Unauthenticated as error:
            raise NotAuthorizedException(str(error)) from error
        wait = self._limiter.take(principal.key_id)
        if wait > 0:
            seconds = str(max(1, math.ceil(wait)))
            detail = f"rate limit of {self._limiter.rate:g} requests/s exceeded; retry in {seconds} s"
            raise ProblemException(RATE_LIMITED, detail, {"Retry-After": seconds})
        return AuthenticationResult(user=principal, auth=principal.key_id)


def principal_of(connection: Connection) -> Principal:
    user = connection.scope.get("user")
    if not isinstance(user, Principal):
        raise NotAuthorizedException("missing API key")
    return user


def allow(*roles: Role) -> Guard:
    """A guard that admits the given roles (admins are always admitted)."""
    allowed = frozenset((*roles, Role.ADMIN))

    def guard(connection: Connection, _: BaseRouteHandler) -> None:
        principal = principal_of(connection)
        if principal.role not in allowed:
            names = ", ".join(sorted(role.value for role in allowed))
            raise PermissionDeniedException(f"the {principal.role} role may not do this (allowed: {names})")

    return guard
