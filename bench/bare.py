"""The baseline of bench.api: a bare Litestar app with one JSON handler, the same answer as `GET /v1/ping`.

    granian --interface asgi --factory bench.bare:create_app

No middleware, no dependencies, no database: what Litestar and granian cost on their own. bench.api serves
it exactly as `stakewise serve` serves the partner API (same granian command, host and workers).
"""

from __future__ import annotations

import msgspec
from litestar import Litestar, get


class Ping(msgspec.Struct, frozen=True, kw_only=True):
    status: str


@get("/v1/ping")
async def ping() -> Ping:
    return Ping(status="ok")


def create_app() -> Litestar:
    return Litestar(route_handlers=[ping], openapi_config=None)
