"""`stakewise services up|down|status`: the embedded servers (PostgreSQL, ...) managed by hand.

`up` starts them for good (until `down`), whereas a one-shot command stops what it started itself.
A service configured by address (e.g. STAKEWISE_DATABASE_URL) is external: shown, never started or stopped.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Protocol

from rich.table import Table

from adapters.cli.errors import EXIT_OK
from adapters.cli.output import emit
from adapters.cli.parser import add_json_flag

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

    from rich.console import Console

SubParsers = Any  # argparse's _SubParsersAction is private


@dataclass(frozen=True)
class ServiceState:
    name: str
    running: bool
    pid: int | None
    address: str | None
    mode: str  # manual (services up), on-demand (started by a command), external, or stopped
    note: str = ""
    ui_url: str | None = None  # a web UI of the service (Temporal's), when it has one
    url: str | None = None  # for PostgreSQL: a URL psql takes as it is


class ServiceControl(Protocol):
    def up(self) -> list[ServiceState]: ...

    def down(self) -> list[ServiceState]: ...

    def status(self) -> list[ServiceState]: ...


class ServicesCommandDeps(Protocol):
    @property
    def embedded_services(self) -> Callable[[], ServiceControl]: ...


def add_commands(commands: SubParsers, services: ServicesCommandDeps) -> None:
    group = commands.add_parser("services", help="start, stop or show the embedded servers")
    actions = group.add_subparsers(dest="services_command", required=True, metavar="COMMAND")
    for name, help_text in (
        ("up", "start the embedded servers and keep them running until `services down`"),
        ("down", "stop the embedded servers"),
        ("status", "show which embedded servers run, where, and who started them"),
    ):
        parser = actions.add_parser(name, help=help_text)
        add_json_flag(parser)
        parser.set_defaults(handler=lambda args, action=name: _run(args, action, services))


def _run(args: argparse.Namespace, action: str, services: ServicesCommandDeps) -> int:
    control = services.embedded_services()
    states: list[ServiceState] = getattr(control, action)()
    payload = {"services": [asdict(state) for state in states]}
    emit(args.json, payload, lambda console: _render(states, console))
    return EXIT_OK


def _render(states: list[ServiceState], console: Console) -> None:
    table = Table(title="embedded services")
    for column in ("service", "state", "pid", "address", "ui", "mode", "note"):
        table.add_column(column, overflow="fold")
    for state in states:
        table.add_row(
            state.name,
            "running" if state.running else "stopped",
            "" if state.pid is None else str(state.pid),
            state.address or "",
            state.ui_url or "",
            state.mode,
            state.note,
        )
    console.print(table)
