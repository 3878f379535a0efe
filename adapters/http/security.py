"""Authentication by API key, role guards, and rate limits shared by every worker.

Keys arrive as `Authorization: Bearer sw_...`. By default every request reads its key from the database,
so a revocation or an expiry applies to the next request on every worker. An operator may cache successful
authentications for a few seconds (STAKEWISE_API_AUTH_CACHE_SECONDS, keyed by the SHA-256 of the whole
key), trading that for a database round trip less per request: a revoked key then works until its cached
success expires.

Rate limits (adapters/http/rate_limits.py), counted in the database so that they hold over all workers:
- per API key: STAKEWISE_API_RATE_BURST requests per window of BURST / STAKEWISE_API_RATE_LIMIT seconds;
  every authenticated answer carries RateLimit-Limit / -Remaining / -Reset / -Policy, and one over the
  limit is 429 `rate-limited` with Retry-After;
- per client address, failed authentications (brute force): past STAKEWISE_API_AUTH_FAILURE_LIMIT in
  STAKEWISE_API_AUTH_FAILURE_WINDOW_SECONDS, the address gets 429 `authentication-rate-limited` for the
  rest of the window, a right key included (a brute-forcer must not learn which guess was right).
Public paths (ping, health, metrics, schema) are not limited: they read nothing and hold no key to count
against, and a database round trip would cost them more than answering.
"""

from __future__ import annotations

import hashlib
import math
import re
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from litestar.connection import ASGIConnection
from litestar.enums import ScopeType
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.types import ASGIApp, Guard, Message, Receive, Scope, Send

from adapters.http.client_address import Network, client_address
from adapters.http.problems import AUTH_RATE_LIMITED, RATE_LIMITED, ProblemException
from adapters.http.rate_limits import Hit, Limit, RateCounter
from application.errors import Unauthenticated
from domain.access import Principal, Role

Authenticate = Callable[[str], Awaitable[Principal]]
BEARER = "bearer "
Connection = ASGIConnection[Any, Any, Any, Any]
_AUTHORIZATION = b"authorization"


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


@dataclass(frozen=True, slots=True)
class RateLimits:
    counter: RateCounter
    per_key: Limit
    auth_failures: Limit  # failed authentications per client address
    clock: Callable[[], float] = time.monotonic
    forget_every_seconds: float = 60.0  # how often this worker drops the counter's ended windows
    # addresses this worker saw blocked, until when: they are refused before their key costs a lookup
    _blocked: dict[str, float] = field(default_factory=dict)
    _forget_at: list[float] = field(default_factory=lambda: [0.0])  # when this worker next forgets

    def refuse_blocked(self, address: str) -> None:
        until = self._blocked.get(address)
        if until is not None:
            if until > self.clock():
                raise _too_many_failures(address, str(max(1, math.ceil(until - self.clock()))))
            del self._blocked[address]

    async def admit(self, principal: Principal, address: str) -> Hit:
        """Count a request of an authenticated key; raise 429 over the key's limit or when the address
        is blocked for failed authentications. One round trip to the counter."""
        hit = await self.counter.hit(
            f"key:{principal.key_id}", self.per_key.window_seconds, _failures(address)
        )
        await self._forget_ended_when_due()
        if self.auth_failures.exceeded(hit.watched):
            raise _too_many_failures(address)
        if self.per_key.exceeded(hit.count):
            seconds = self.per_key.retry_after(hit)
            detail = (
                f"rate limit of {self.per_key.requests} requests per {self.per_key.window_seconds:g} s "
                f"exceeded for this API key; retry in {seconds} s"
            )
            raise ProblemException(RATE_LIMITED, detail, {"Retry-After": seconds, **_text(self.per_key, hit)})
        return hit

    async def _forget_ended_when_due(self) -> None:
        """At most once per `forget_every_seconds`: the counter keeps current windows only, so its size
        follows the keys and addresses of the last window, not of the service's whole history."""
        now = self.clock()
        if now >= self._forget_at[0]:
            self._forget_at[0] = now + self.forget_every_seconds
            await self.counter.forget_ended()

    async def failed(self, address: str) -> ProblemException | None:
        """Count a failed authentication of the address: the 429 to answer instead of 401 when over."""
        hit = await self.counter.hit(_failures(address), self.auth_failures.window_seconds)
        await self._forget_ended_when_due()
        if self.auth_failures.exceeded(hit.count):
            if len(self._blocked) > 10_000:
                self._blocked.clear()
            self._blocked[address] = self.clock() + hit.reset_seconds
            return _too_many_failures(address, self.auth_failures.retry_after(hit))
        return None


def _failures(address: str) -> str:
    return f"auth-failures:{address}"


def _text(limit: Limit, hit: Hit) -> dict[str, str]:
    return {name.decode(): value.decode() for name, value in limit.headers(hit)}


def _too_many_failures(address: str, retry_after: str | None = None) -> ProblemException:
    detail = f"too many failed authentications from {address}; try again later"
    return ProblemException(AUTH_RATE_LIMITED, detail, {"Retry-After": retry_after or "60"})


class ApiKeyMiddleware:
    """Pure ASGI: public routes pass straight through; the others need a valid key within its limit."""

    def __init__(
        self,
        app: ASGIApp,
        authenticate: Authenticate,
        limits: RateLimits,
        exclude: list[str],
        trusted_proxies: Sequence[Network] = (),
    ) -> None:
        self.app, self._authenticate, self._limits = app, authenticate, limits
        self._exclude = re.compile("|".join(exclude)) if exclude else None
        self._trusted_proxies = tuple(trusted_proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        handler = scope.get("route_handler")
        if (
            scope["type"] != ScopeType.HTTP
            or scope.get("method") == "OPTIONS"
            or (handler is not None and handler.opt.get("exclude_from_auth"))
            or (self._exclude is not None and self._exclude.search(scope["path"]))
        ):
            await self.app(scope, receive, send)
            return
        address = client_address(scope, self._trusted_proxies)
        self._limits.refuse_blocked(address)
        try:
            principal = await self._authenticate(_bearer(scope))
        except (NotAuthorizedException, Unauthenticated) as error:
            refusal = await self._limits.failed(address)
            if refusal is not None:
                raise refusal from None
            raise NotAuthorizedException(str(error)) from error
        hit = await self._limits.admit(principal, address)
        scope["user"], scope["auth"] = principal, principal.key_id
        headers = self._limits.per_key.headers(hit)

        async def send_with_limits(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), *headers]
            await send(message)

        await self.app(scope, receive, send_with_limits)


def _bearer(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == _AUTHORIZATION:
            header = value.decode("latin-1")
            if header[: len(BEARER)].lower() == BEARER:
                return header[len(BEARER) :].strip()
            break
    raise NotAuthorizedException("missing API key: send 'Authorization: Bearer <key>'")


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
