"""`stakewise plugins list`: every plugin loaded (built-in or by entry point) and what it provides."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from rich.table import Table

from adapters.cli.errors import EXIT_OK
from adapters.cli.output import emit
from adapters.cli.parser import add_json_flag

if TYPE_CHECKING:
    import argparse

    from rich.console import Console

    from adapters.cli.services import CliServices
    from plugins.manager import PluginInfo

SubParsers = Any  # argparse's _SubParsersAction is private


def add_commands(commands: SubParsers, services: CliServices) -> None:
    plugins = commands.add_parser(
        "plugins", help="the plugins loaded: data sources, models, bookmakers, bookmaker adapters"
    )
    add_json_flag(plugins)  # `stakewise plugins [--json]` is `stakewise plugins list [--json]`
    plugins.set_defaults(handler=lambda args: _list(args, services))
    plugin_commands = plugins.add_subparsers(dest="plugins_command", required=False, metavar="COMMAND")
    listing = plugin_commands.add_parser("list", help="list every plugin and what it provides")
    add_json_flag(listing)
    listing.set_defaults(handler=lambda args: _list(args, services))


def _list(args: argparse.Namespace, services: CliServices) -> int:
    plugins = services.plugin_host().plugins()
    payload = {"plugins": [asdict(plugin) for plugin in plugins]}
    emit(args.json, payload, lambda console: _render(plugins, console))
    return EXIT_OK


def _render(plugins: list[PluginInfo], console: Console) -> None:
    table = Table(title="stakewise plugins")
    for column in (
        "plugin",
        "origin",
        "data sources",
        "models",
        "strategies",
        "bookmakers",
        "bookmaker adapters",
    ):
        table.add_column(column)
    for plugin in plugins:
        origin = plugin.origin if not plugin.blocked else "[red]blocked[/] (STAKEWISE_BLOCKED_PLUGINS)"
        bookmakers = ", ".join(plugin.bookmakers[:6]) + (" …" if len(plugin.bookmakers) > 6 else "")
        table.add_row(
            plugin.name,
            origin,
            ", ".join(plugin.data_sources),
            ", ".join(plugin.models),
            ", ".join(plugin.strategies),
            bookmakers,
            ", ".join(plugin.bookmaker_adapters),
        )
    console.print(table)
