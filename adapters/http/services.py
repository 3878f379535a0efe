"""What the HTTP API needs from the composition root: its use cases by type, plus life-cycle hooks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from adapters.http.rate_limits import RateCounter
from adapters.use_cases import UseCaseFactories


class ReadinessProbe(Protocol):
    """One dependency the API needs in order to serve (the database, the policy engine...)."""

    @property
    def name(self) -> str: ...

    async def check(self) -> None:
        """Return when the dependency answers; raise ServiceUnavailable otherwise."""
        ...


@dataclass(frozen=True, slots=True)
class ApiServices:
    """Built by the container (bootstrap/container.py: api_services)."""

    use_cases: UseCaseFactories
    rate_counter: Callable[[], RateCounter]
    readiness_probes: Callable[[], Sequence[ReadinessProbe]]
    on_shutdown: Callable[[], Sequence[Callable[[], Awaitable[None]]]]
