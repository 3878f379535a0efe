"""Alembic environment: runs on a connection handed over by adapters.persistence.migrate, or on its own.

Standalone (`alembic -c ... upgrade head`) reads the URL from `sqlalchemy.url`
(`stakewise db upgrade|current|history` hands over a connection).
"""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from adapters.persistence.schema import metadata


def run_migrations(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


async def run_standalone(url: str) -> None:
    engine = create_async_engine(url)
    async with engine.connect() as connection:
        await connection.run_sync(run_migrations)
    await engine.dispose()


def database_url() -> str:
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database: set sqlalchemy.url (or use `stakewise db upgrade`)")
    return url


handed_over = context.config.attributes.get("connection")
if isinstance(handed_over, Connection):
    run_migrations(handed_over)
elif context.is_offline_mode():
    context.configure(url=database_url(), target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(run_standalone(database_url()))
