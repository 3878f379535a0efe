"""The embedded services as `stakewise services up|down|status` sees them: one `Service` per server.

A service configured by address (e.g. STAKEWISE_DATABASE_URL) is an `ExternalService`: shown, never
started or stopped here. Another embedded server joins by implementing `Service` (see DatabaseService).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from sqlalchemy.engine import make_url

from adapters.cli.services_cmd import ServiceState
from adapters.persistence.migrate import upgrade_to_head_blocking
from bootstrap.services.database import DatabaseStatus, EmbeddedDatabase

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path


class Service(Protocol):
    def status(self) -> ServiceState: ...

    def up(self) -> ServiceState: ...

    def down(self) -> ServiceState: ...


class EmbeddedServices:
    def __init__(self, services: Sequence[Service]) -> None:
        self._services = services

    def status(self) -> list[ServiceState]:
        return [service.status() for service in self._services]

    def up(self) -> list[ServiceState]:
        return [service.up() for service in self._services]

    def down(self) -> list[ServiceState]:
        return [service.down() for service in self._services]


@dataclass(frozen=True)
class ExternalService:
    name: str
    address: str

    def status(self) -> ServiceState:
        url = libpq_url(self.address) if self.name == "postgres" else None
        return ServiceState(
            self.name, True, None, self.address, "external", "configured, not managed here", url
        )

    up = down = status


class DatabaseService:
    """The embedded PostgreSQL of a var folder; `up` also migrates it to the newest schema."""

    name = "postgres"

    def __init__(self, var_dir: Path) -> None:
        self._database = EmbeddedDatabase(var_dir)

    def status(self) -> ServiceState:
        return _database_state(self._database.status())

    def up(self) -> ServiceState:
        status = self._database.up()
        if status.url:
            upgrade_to_head_blocking(status.url)
        return _database_state(status)

    def down(self) -> ServiceState:
        stopped = self._database.down()
        return ServiceState(
            self.name, False, None, None, "stopped", "stopped" if stopped else "was not running"
        )


def database_service(var_dir: Path, configured_url: str | None) -> Service:
    if configured_url:
        return ExternalService("postgres", make_url(configured_url).render_as_string(hide_password=True))
    return DatabaseService(var_dir)


def _database_state(status: DatabaseStatus) -> ServiceState:
    note = "stale record cleaned" if status.stale_cleaned else ""
    if not status.running:
        return ServiceState("postgres", False, None, None, "stopped", note)
    url = None if status.url is None else libpq_url(status.url)
    return ServiceState("postgres", True, status.pid, status.url, status.mode or "manual", note, url=url)


def libpq_url(address: str) -> str:
    """The same database as a URL psql (libpq) takes: `psql "$(... | jq -r .url)"`."""
    scheme, separator, rest = address.partition("://")
    return f"postgresql{separator}{rest}" if scheme.startswith("postgresql") else address
