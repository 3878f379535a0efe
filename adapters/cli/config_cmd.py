"""`stakewise config show [--json] [--table]`: the effective settings, secrets masked.

One row per STAKEWISE_* variable (declared in bootstrap/settings.py): the value in force, its default,
type and meaning. `--table` prints the Markdown table of README.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from rich.table import Table
from rich.text import Text

from adapters.cli.errors import EXIT_OK
from adapters.cli.output import emit, stdout_console
from adapters.cli.parser import add_json_flag

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

    from rich.console import Console

SubParsers = Any  # argparse's _SubParsersAction is private
SettingRows = list[dict[str, Any]]


class ConfigCommandDeps(Protocol):
    @property
    def settings_rows(self) -> Callable[[], SettingRows]: ...

    @property
    def settings_table(self) -> Callable[[], str]: ...


def add_commands(commands: SubParsers, services: ConfigCommandDeps) -> None:
    group = commands.add_parser("config", help="show the effective configuration (STAKEWISE_* variables)")
    actions = group.add_subparsers(dest="config_command", required=True, metavar="COMMAND")
    show = actions.add_parser("show", help="print every setting in force, with secrets masked")
    add_json_flag(show)
    show.add_argument("--table", action="store_true", help="print the Markdown table of all variables")
    show.set_defaults(handler=lambda args: _show(args, services))


def _show(args: argparse.Namespace, services: ConfigCommandDeps) -> int:
    if args.table:
        stdout_console().print(services.settings_table(), markup=False)
        return EXIT_OK
    rows = services.settings_rows()
    payload = {"settings": {row["variable"]: row["value"] for row in rows}, "variables": rows}
    emit(args.json, payload, lambda console: _render(rows, console))
    return EXIT_OK


def _render(rows: SettingRows, console: Console) -> None:
    table = Table(title="effective settings (secrets masked)")
    for column in ("variable", "value", "default", "meaning"):
        table.add_column(column, overflow="fold")
    for row in rows:
        value = "" if row["value"] is None else str(row["value"])
        default = "" if row["default"] is None else str(row["default"])
        shown = Text(value, style="bold" if value != default else "")
        table.add_row(row["variable"], shown, default, row["meaning"])
    console.print(table)
