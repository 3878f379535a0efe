"""Where the database is: STAKEWISE_DATABASE_URL, or the embedded server of ./var (started on demand).

A dependency-injector Resource: the embedded server is leased for as long as the container's resources
live, and migrated to the newest schema before first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.engine import make_url

from adapters.persistence.migrate import upgrade_to_head_blocking
from bootstrap.services.database import EmbeddedDatabase

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from bootstrap.settings import Settings

RUNTIME_ROLE = "stakewise_runtime"  # created by migration 0004
EMBEDDED_SUPERUSER = "postgres"


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


def runtime_database_url(owner_url: str, configured: str | None = None) -> str:
    """The URL the API, the workers and the commands work with: a role that reads and writes rows but may
    not change the schema, truncate, or switch triggers off (migrations alone run as the owner).

    `configured` (STAKEWISE_RUNTIME_DATABASE_URL, handed over from Settings) when set; else, for the
    embedded server (its superuser on a Unix socket, trusted locally), the same database as the role
    `stakewise_runtime`; else the owner URL as given (an operator of an external database sets
    STAKEWISE_RUNTIME_DATABASE_URL).
    """
    if configured:
        return configured
    url = make_url(owner_url)
    socket = url.query.get("host")
    if (
        url.username == EMBEDDED_SUPERUSER
        and url.password is None
        and isinstance(socket, str)
        and socket.startswith("/")
    ):
        return url.set(username=RUNTIME_ROLE).render_as_string(hide_password=False)
    return owner_url
