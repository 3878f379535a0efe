"""What the HTTP API needs from the composition root: one factory per use case, plus life-cycle hooks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

from application.use_cases.authenticate_api_key import AuthenticateApiKey


class ReadinessProbe(Protocol):
    """One dependency the API needs in order to serve (the database, the policy engine...)."""

    @property
    def name(self) -> str: ...

    async def check(self) -> None:
        """Return when the dependency answers; raise ServiceUnavailable otherwise."""
        ...


class ApiServices(Protocol):
    @property
    def authenticate_api_key(self) -> Callable[[], AuthenticateApiKey]: ...

    @property
    def readiness_probes(self) -> Callable[[], Sequence[ReadinessProbe]]: ...

    @property
    def on_shutdown(self) -> Callable[[], Sequence[Callable[[], Awaitable[None]]]]: ...
