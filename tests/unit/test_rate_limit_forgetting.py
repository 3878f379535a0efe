"""Each worker drops the rate counter's ended windows at most once a minute, from the requests it counts."""

from __future__ import annotations

from dataclasses import dataclass, field

from adapters.http.rate_limits import Limit
from adapters.http.security import RateLimits
from domain.access import Principal, Role
from tests.fakes.rate_limits import InMemoryRateCounter


@dataclass
class Clock:
    now: float = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class CountingCounter(InMemoryRateCounter):
    forgotten: list[int] = field(default_factory=list)

    async def forget_ended(self) -> int:
        self.forgotten.append(await super().forget_ended())
        return self.forgotten[-1]


async def test_ended_windows_are_forgotten_once_per_interval_by_admitted_and_failed_requests() -> None:
    clock = Clock()
    counter = CountingCounter(clock)
    limits = RateLimits(counter, Limit(100, 1.0), Limit(5, 1.0), clock, forget_every_seconds=60.0)
    key = Principal("k1", Role.PARTNER, "p1")

    await limits.admit(key, "10.0.0.1")
    for address in ("10.0.0.2", "10.0.0.3"):
        await limits.failed(address)
    assert counter.forgotten == [0], "the first request forgets (nothing has ended yet), the next wait"

    clock.now += 59.0
    await limits.admit(key, "10.0.0.1")
    assert counter.forgotten == [0]

    clock.now += 1.0
    assert await limits.failed("10.0.0.4") is None
    assert counter.forgotten == [0, 3], "the key's and both addresses' ended windows are dropped"
    assert (await counter.hit("auth-failures:10.0.0.2", 1.0)).count == 1
