"""stakewise-example-plugin: hook implementations found through the entry point `stakewise.plugins`."""

from __future__ import annotations

from plugins.hookspecs import Bookmaker, SourceContext, hookimpl
from stakewise_example_plugin.source import ExampleCsvSource


@hookimpl
def stakewise_bookmakers() -> list[Bookmaker]:
    return [Bookmaker("example-book", "Example Book", {"example-csv": ("example",)})]


@hookimpl
def stakewise_data_sources(context: SourceContext) -> list[ExampleCsvSource]:
    return [ExampleCsvSource(context)]
