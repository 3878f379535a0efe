"""Liveness, readiness and a plain JSON endpoint (the baseline of bench/api)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

import msgspec
from litestar import Controller, get
from litestar.di import NamedDependency, Provide

from adapters.http.problems import SERVICE_UNAVAILABLE, ProblemException
from adapters.http.services import ReadinessProbe
from application.errors import ServiceUnavailable

PUBLIC = {"exclude_from_auth": True}


class Ping(msgspec.Struct, frozen=True, kw_only=True):
    status: str


class Readiness(msgspec.Struct, frozen=True, kw_only=True):
    status: str
    components: dict[str, str]


class HealthController(Controller):
    tags = ["health"]  # noqa: RUF012 (Litestar reads class attributes)

    @get("/health/live", opt=PUBLIC, summary="The process is up")
    async def live(self) -> Ping:
        return Ping(status="ok")

    @get("/health/ready", opt=PUBLIC, summary="Every dependency answers (503 otherwise)")
    async def ready(self, probes: NamedDependency[Probes]) -> Readiness:
        results = await asyncio.gather(*(_probe(probe) for probe in probes.items))
        components = dict(zip((probe.name for probe in probes.items), results, strict=True))
        if any(result != "ok" for result in results):
            down = ", ".join(name for name, result in components.items() if result != "ok")
            raise ProblemException(SERVICE_UNAVAILABLE, f"not ready: {down}", components=components)
        return Readiness(status="ok", components=components)

    @get("/v1/ping", opt=PUBLIC, summary="A plain JSON answer: no database, no key")
    async def ping(self) -> Ping:
        return Ping(status="ok")


async def _probe(probe: ReadinessProbe) -> str:
    try:
        await asyncio.wait_for(probe.check(), timeout=2.0)
    except (ServiceUnavailable, TimeoutError, OSError) as error:
        return f"unavailable: {error}"
    return "ok"


@dataclass(frozen=True)
class Probes:
    items: Sequence[ReadinessProbe]


def readiness_dependency(probes: Sequence[ReadinessProbe]) -> Provide:
    def provide() -> Probes:
        return Probes(probes)

    return Provide(provide, sync_to_thread=False)
