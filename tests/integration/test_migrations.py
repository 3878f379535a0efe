"""The one initial migration builds exactly the schema the code declares, and re-running it is a no-op."""

from __future__ import annotations

from typing import TYPE_CHECKING

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from adapters.persistence.engine import create_engine
from adapters.persistence.migrate import current_revision, head_revision, upgrade_to_head
from adapters.persistence.schema import metadata

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


async def test_upgrade_head_creates_every_table_of_the_data_model(empty_database_url: str) -> None:
    engine = create_engine(empty_database_url)
    try:
        await upgrade_to_head(engine)
        async with engine.connect() as connection:
            tables = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))
        assert tables == set(metadata.tables) | {"alembic_version"}
        assert await current_revision(engine) == head_revision()
    finally:
        await engine.dispose()


async def test_migrated_schema_matches_the_declared_tables(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            differences = await connection.run_sync(_schema_differences)
        assert differences == []
    finally:
        await engine.dispose()


async def test_upgrade_is_idempotent_and_keeps_rows(fresh_database_url: str) -> None:
    engine = create_engine(fresh_database_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text("INSERT INTO competitions (code, name) VALUES ('E0', 'Premier League')")
            )
        await upgrade_to_head(engine)
        async with engine.connect() as connection:
            assert await connection.scalar(text("SELECT count(*) FROM competitions")) == 1
    finally:
        await engine.dispose()


def _schema_differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, metadata))
