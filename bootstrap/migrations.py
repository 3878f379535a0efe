"""`stakewise db upgrade|current|history`: Alembic on the configured database or the embedded one.

Unlike every other command, these do not migrate the database as they connect: `current` tells the
revision the database is at, `upgrade` moves it to the newest and says from where.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING

from adapters.cli.db import MigrationState
from adapters.persistence.migrate import (
    Revision,
    current_revision_blocking,
    head_revision,
    history,
    upgrade_to_head_blocking,
)
from bootstrap.services.database import EmbeddedDatabase
from bootstrap.settings import mask_url_password

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


class DatabaseMigrations:
    def __init__(self, var_dir: Path, configured_url: str | None) -> None:
        self._var_dir, self._configured = var_dir, configured_url

    def current(self) -> MigrationState:
        with self._url() as url:
            return MigrationState(mask_url_password(url), current_revision_blocking(url), head_revision())

    def upgrade(self) -> tuple[str | None, MigrationState]:
        with self._url() as url:
            before = current_revision_blocking(url)
            upgrade_to_head_blocking(url)
            return before, MigrationState(
                mask_url_password(url), current_revision_blocking(url), head_revision()
            )

    def history(self) -> list[Revision]:
        return history()

    @contextmanager
    def _url(self) -> Iterator[str]:
        if self._configured:
            yield self._configured
            return
        with EmbeddedDatabase(self._var_dir).lease() as url:
            yield url
