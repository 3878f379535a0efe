"""Rate-limit counters in one process's memory (fixed windows on a given clock): the API's unit tests."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from adapters.http.rate_limits import Hit


@dataclass
class InMemoryRateCounter:
    clock: Callable[[], float] = time.time
    _buckets: dict[str, tuple[float, int]] = field(default_factory=dict)  # bucket -> (window end, hits)

    async def hit(self, bucket: str, window_seconds: float, watch: str | None = None) -> Hit:
        now = self.clock()
        window_end = (math.floor(now / window_seconds) + 1) * window_seconds
        stored_end, hits = self._buckets.get(bucket, (window_end, 0))
        hits = hits + 1 if stored_end == window_end else 1
        self._buckets[bucket] = (window_end, hits)
        watched_end, watched = self._buckets.get(watch or "", (0.0, 0))
        return Hit(hits, window_end - now, watched if watched_end > now else 0)

    async def forget_ended(self) -> int:
        now = self.clock()
        ended = [bucket for bucket, (window_end, _) in self._buckets.items() if window_end <= now]
        for bucket in ended:
            del self._buckets[bucket]
        return len(ended)
