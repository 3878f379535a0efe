"""Where the database is: STAKEWISE_DATABASE_URL, or the embedded server of ./var (started on demand).

A dependency-injector Resource: the embedded server is leased for as long as the container's resources
live, and migrated to the newest schema before first use.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from adapters.persistence.migrate import upgrade_to_head_blocking
from bootstrap.services.database import EmbeddedDatabase

DATABASE_URL_VARIABLE = "STAKEWISE_DATABASE_URL"


def var_dir() -> Path:
    """Where embedded servers keep their data and records: STAKEWISE_VAR_DIR, by default ./var."""
    return Path(os.environ.get("STAKEWISE_VAR_DIR") or "var").resolve()


def database_url(var_dir: Path) -> Iterator[str]:
    configured = os.environ.get(DATABASE_URL_VARIABLE)
    if configured:
        upgrade_to_head_blocking(configured)
        yield configured
        return
    with EmbeddedDatabase(var_dir).lease() as url:
        upgrade_to_head_blocking(url)
        yield url
