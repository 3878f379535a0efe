"""Rate limits shared by every worker: requests per API key, failed authentications per client address.

A limit is a fixed window: at most `requests` per `window_seconds`, windows aligned on the database's
clock, so every worker (and every server on the same database) counts against the same number. The
counter is incremented atomically (adapters/persistence/rate_limits.py: one upsert on an UNLOGGED table),
so the total accepted over all workers never exceeds the limit.

Responses carry Litestar's rate-limit header names (litestar.middleware.rate_limit.RateLimitConfig, the
IETF RateLimit draft): RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset (seconds to the window's end)
and RateLimit-Policy (`<requests>;w=<seconds>`). Litestar's own RateLimitMiddleware reads then writes its
store under a per-process lock, which two workers can interleave; hence the atomic counter here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

from litestar.middleware.rate_limit import RateLimitConfig

_NAMES = RateLimitConfig(rate_limit=("second", 1))
POLICY, LIMIT = _NAMES.rate_limit_policy_header_key, _NAMES.rate_limit_limit_header_key
REMAINING, RESET = _NAMES.rate_limit_remaining_header_key, _NAMES.rate_limit_reset_header_key


@dataclass(frozen=True, slots=True)
class Hit:
    """The count of a bucket's current window after this hit, and what is left of the window."""

    count: int
    reset_seconds: float
    watched: int = 0  # the current count of the watched bucket (0 when none or its window is over)


class RateCounter(Protocol):
    async def hit(self, bucket: str, window_seconds: float, watch: str | None = None) -> Hit:
        """Count one request in `bucket`'s current window (atomically over every worker) and read the
        current count of bucket `watch` in the same step."""
        ...

    async def forget_ended(self) -> int:
        """Drop the buckets whose window has ended (their next hit starts a new window anyway), so the
        store holds the buckets of current windows only, not every key and address ever seen; how many."""
        ...


@dataclass(frozen=True, slots=True)
class Limit:
    requests: int
    window_seconds: float

    @classmethod
    def of_rate(cls, per_second: float, burst: float) -> Limit:
        """`burst` requests per window of `burst / per_second` seconds: `per_second` sustained."""
        requests = max(1, int(burst))
        return cls(requests, requests / per_second)

    def exceeded(self, count: int) -> bool:
        return count > self.requests

    def retry_after(self, hit: Hit) -> str:
        return str(max(1, math.ceil(hit.reset_seconds)))

    def headers(self, hit: Hit) -> list[tuple[bytes, bytes]]:
        remaining = max(0, self.requests - hit.count)
        return [
            (LIMIT.encode(), str(self.requests).encode()),
            (REMAINING.encode(), str(remaining).encode()),
            (RESET.encode(), str(max(0, math.ceil(hit.reset_seconds))).encode()),
            (POLICY.encode(), f"{self.requests};w={self.window_seconds:g}".encode()),
        ]
