"""`stakewise db upgrade|current|history [--json]`: the database schema's migrations (Alembic).

Every other command brings the database to the newest schema by itself; these show where it is and move
it there explicitly (e.g. before starting several API servers against a new release).
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

    from adapters.persistence.migrate import Revision

SubParsers = Any  # argparse's _SubParsersAction is private


@dataclass(frozen=True)
class MigrationState:
    database: str  # its URL, password masked
    current: str | None  # None: never migrated
    head: str | None

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


class Migrations(Protocol):
    def current(self) -> MigrationState: ...

    def upgrade(self) -> tuple[str | None, MigrationState]: ...

    def history(self) -> list[Revision]: ...


class DbCommandDeps(Protocol):
    @property
    def database_migrations(self) -> Callable[[], Migrations]: ...


def add_commands(commands: SubParsers, services: DbCommandDeps) -> None:
    group = commands.add_parser("db", help="the database schema: upgrade, current revision, history")
    actions = group.add_subparsers(dest="db_command", required=True, metavar="COMMAND")
    for name, help_text, handler in (
        ("upgrade", "migrate the database to the newest schema", _upgrade),
        ("current", "show the revision the database is at, and the newest", _current),
        ("history", "list the migrations, newest first", _history),
    ):
        parser = actions.add_parser(name, help=help_text)
        add_json_flag(parser)
        parser.set_defaults(handler=lambda args, run=handler: run(args, services.database_migrations()))


def _state(state: MigrationState) -> dict[str, Any]:
    return {**asdict(state), "up_to_date": state.up_to_date}


def _current(args: argparse.Namespace, migrations: Migrations) -> int:
    state = migrations.current()
    emit(args.json, _state(state), lambda console: _render_state(state, console))
    return EXIT_OK


def _upgrade(args: argparse.Namespace, migrations: Migrations) -> int:
    before, state = migrations.upgrade()
    payload = {**_state(state), "before": before}
    emit(args.json, payload, lambda console: console.print(
        f"{state.database}: {before or '(empty)'} -> {state.current}", highlight=False, markup=False
    ))  # fmt: skip
    return EXIT_OK


def _history(args: argparse.Namespace, migrations: Migrations) -> int:
    revisions = migrations.history()
    payload = {"revisions": [asdict(revision) for revision in revisions]}
    emit(args.json, payload, lambda console: _render_history(revisions, console))
    return EXIT_OK


def _render_state(state: MigrationState, console: Console) -> None:
    note = "up to date" if state.up_to_date else "behind: run `stakewise db upgrade`"
    console.print(
        f"{state.database}: at {state.current or '(empty)'}, newest {state.head} ({note})",
        highlight=False,
        markup=False,
    )


def _render_history(revisions: list[Revision], console: Console) -> None:
    table = Table(title="migrations (newest first)")
    for column in ("revision", "down", "head", "message"):
        table.add_column(column, overflow="fold")
    for revision in revisions:
        table.add_row(
            revision.revision,
            revision.down_revision or "",
            "yes" if revision.is_head else "",
            revision.message,
        )
    console.print(table)
