"""The async engine on asyncpg. `postgresql://` URLs are accepted and driven through asyncpg."""

from __future__ import annotations

from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

APPLICATION_NAME = "stakewise"


def asyncpg_url(url: str) -> str:
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise ValueError(f"unsupported database URL {parsed.render_as_string()}: stakewise needs PostgreSQL")
    return parsed.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)


def create_engine(url: str, *, pooled: bool = True) -> AsyncEngine:
    """An engine; `pooled=False` opens a connection per use, for one-shot commands and short scripts."""
    options: dict[str, object] = {"connect_args": {"server_settings": {"application_name": APPLICATION_NAME}}}
    if not pooled:
        options["poolclass"] = NullPool
    return create_async_engine(asyncpg_url(url), **options)
