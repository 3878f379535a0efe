"""Bring a database to the newest schema (`alembic upgrade head`), from code, at start-up.

Migrations run in one transaction under an advisory lock, so commands starting together migrate once.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from adapters.persistence.engine import create_engine

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).parent / "migrations"
MIGRATION_LOCK = 0x5354414B  # an arbitrary constant of stakewise's own, the key of the advisory lock


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


async def upgrade_to_head(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        await connection.run_sync(_upgrade)


async def current_revision(engine: AsyncEngine) -> str | None:
    async with engine.connect() as connection:
        return await connection.run_sync(lambda sync: MigrationContext.configure(sync).get_current_revision())


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _upgrade(connection: Connection) -> None:
    command.upgrade(alembic_config(connection), "head")


def upgrade_to_head_blocking(url: str) -> None:
    """`upgrade_to_head` from synchronous code, also when an event loop runs in this thread."""
    with ThreadPoolExecutor(max_workers=1) as worker:
        worker.submit(asyncio.run, _upgrade_url(url)).result()


async def _upgrade_url(url: str) -> None:
    engine = create_engine(url, pooled=False)
    try:
        await upgrade_to_head(engine)
    finally:
        await engine.dispose()


@dataclass(frozen=True)
class Revision:
    revision: str
    down_revision: str | None
    message: str
    is_head: bool


def history() -> list[Revision]:
    """Every migration, newest first (`stakewise db history`)."""
    scripts = ScriptDirectory.from_config(alembic_config())
    heads = set(scripts.get_heads())
    return [
        Revision(
            script.revision,
            script.down_revision if isinstance(script.down_revision, str) else None,
            ((script.doc or "").strip().splitlines() or [""])[0],
            script.revision in heads,
        )
        for script in scripts.walk_revisions()
    ]


def current_revision_blocking(url: str) -> str | None:
    """The revision a database is at (None: never migrated), from synchronous code."""
    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(asyncio.run, _current_url(url)).result()


async def _current_url(url: str) -> str | None:
    engine = create_engine(url, pooled=False)
    try:
        return await current_revision(engine)
    finally:
        await engine.dispose()
