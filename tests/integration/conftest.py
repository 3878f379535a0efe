"""Real PostgreSQL for the integration tests: one embedded server per test session.

Fixtures (use them by name in any integration test):

- `postgres_server` (session): the `EmbeddedPostgres` running for the whole session, data in a
  temporary folder (never ./var), fsync off. `postgres_server.sql("...")` runs SQL as the superuser.
- For a server of a test's own, put its folder under `tests.integration.folders.server_folder()`, not
  under `tmp_path` (see there why).
- `migrated_template` (session): the name of a database migrated to the newest schema (`upgrade head`),
  used as the template of the fresh databases below. Do not write to it.
- `database_url` (module): `postgresql+asyncpg://...` URL of a fresh, migrated database of this test
  module's own (created from the template in about 50 ms; dropped after the module).
- `fresh_database_url` (function): the same, one per test, for tests that need an untouched database.
- `empty_database_url` (function): a database with no schema at all (for migration tests).
- `engine` (function): an AsyncEngine on `database_url`, disposed after the test. Tests that share
  `database_url` share rows: clean up, or use `fresh_database_url`.

Example:

    async def test_decision_is_stored(database_url: str) -> None:
        engine = create_engine(database_url)
        ...
"""

from __future__ import annotations

import itertools
import shutil
from typing import TYPE_CHECKING

import pytest

from adapters.persistence.engine import create_engine
from adapters.persistence.migrate import upgrade_to_head_blocking
from bootstrap.services.postgres import EmbeddedPostgres, Postmaster
from tests.integration.folders import server_folder

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator

    from sqlalchemy.ext.asyncio import AsyncEngine

TEMPLATE = "stakewise_template"
_names = itertools.count(1)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[EmbeddedPostgres]:
    folder = server_folder()
    server = EmbeddedPostgres(folder / "pg", durable=False)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def migrated_template(postgres_server: EmbeddedPostgres) -> str:
    postgres_server.create_database(TEMPLATE)
    upgrade_to_head_blocking(_postmaster(postgres_server).url(TEMPLATE))
    return TEMPLATE


@pytest.fixture(scope="module")
def database_url(postgres_server: EmbeddedPostgres, migrated_template: str) -> Iterator[str]:
    yield from _fresh_database(postgres_server, migrated_template)


@pytest.fixture
def fresh_database_url(postgres_server: EmbeddedPostgres, migrated_template: str) -> Iterator[str]:
    yield from _fresh_database(postgres_server, migrated_template)


@pytest.fixture
def empty_database_url(postgres_server: EmbeddedPostgres) -> Iterator[str]:
    yield from _fresh_database(postgres_server, None)


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    try:
        yield engine
    finally:
        await engine.dispose()


def _fresh_database(server: EmbeddedPostgres, template: str | None) -> Iterator[str]:
    name = f"test_{next(_names)}"
    server.create_database(name, template)
    try:
        yield _postmaster(server).url(name)
    finally:
        server.drop_database(name)


def _postmaster(server: EmbeddedPostgres) -> Postmaster:
    postmaster = server.postmaster()
    if postmaster is None:
        pytest.fail(f"the session's PostgreSQL server on {server.data_dir} is not running")
    return postmaster
