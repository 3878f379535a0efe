"""Where the database is: STAKEWISE_DATABASE_URL, or the embedded server of ./var (started on demand).

A dependency-injector Resource: the embedded server is leased for as long as the container's resources
live, and migrated to the newest schema before first use.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from adapters.persistence.migrate import upgrade_to_head_blocking
from bootstrap.services.database import EmbeddedDatabase
from bootstrap.settings import Settings


def var_dir(settings: Settings) -> Path:
    """Where embedded servers keep their data and records: STAKEWISE_VAR_DIR, by default ./var."""
    return settings.var_dir.resolve()


def database_url(var_dir: Path, configured: str | None) -> Iterator[str]:
    if configured:
        upgrade_to_head_blocking(configured)
        yield configured
        return
    with EmbeddedDatabase(var_dir).lease() as url:
        upgrade_to_head_blocking(url)
        yield url
