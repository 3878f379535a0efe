"""The plugin host: a typed facade over pluggy's `pm.hook`.

Start-up registers the built-in plugins, then every entry point of the group `stakewise.plugins`, then runs
pluggy's `check_pending()` (a hook implementation with a misspelt name is an error, not silently ignored).
A plugin name may be registered once: a second plugin with a taken name is refused with both origins named.
Plugins named in STAKEWISE_BLOCKED_PLUGINS (comma-separated) are not loaded at all.
"""

from __future__ import annotations

import importlib
import importlib.metadata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import pluggy

from domain.errors import DomainError
from plugins import hookspecs
from plugins.gateways import ADAPTERS_SETTING, PluginGateways, parse_adapter_choice
from plugins.hookspecs import (
    ENTRY_POINT_GROUP,
    PROJECT,
    Bookmaker,
    BookmakerAdapter,
    GatewayContext,
    ModelEntry,
    NotifierEntry,
    SourceContext,
    StrategyEntry,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable, Mapping, Sequence

    from application.ports.betting_strategy import BettingStrategy
    from application.ports.clock import Clock
    from application.ports.data_source import DataSource
    from application.ports.notifier import Notifier
    from application.ports.prediction_model import Parameters, PredictionModel

BLOCKED_SETTING = "STAKEWISE_BLOCKED_PLUGINS"
NOTIFIERS_SETTING = "STAKEWISE_NOTIFIERS"
BUILTIN = "built-in"

# (plugin name, module): imported when the host starts, registered like any third-party plugin
BUILTIN_PLUGINS: tuple[tuple[str, str], ...] = (
    ("bookmakers", "plugins.builtin.bookmakers"),
    ("paper", "plugins.builtin.paper.plugin"),
    ("betfair-replay", "plugins.builtin.betfair_replay.plugin"),
    ("notifiers", "plugins.builtin.notifiers"),
    ("football-data", "plugins.builtin.sources.football_data.plugin"),
    ("models", "plugins.builtin.models.plugin"),
    ("odds-api", "plugins.builtin.sources.odds_api.plugin"),
    ("synthetic", "plugins.builtin.sources.synthetic.plugin"),
    ("weather", "plugins.builtin.sources.weather.plugin"),
    ("availability", "plugins.builtin.sources.availability.plugin"),
    ("strategies", "plugins.builtin.strategies"),
)

Item = TypeVar("Item")


class PluginError(Exception):
    """A plugin could not be loaded or contradicts another one (the message names the plugins)."""


class UnknownPluginItem(DomainError):
    """A data source, model or strategy name no loaded plugin provides (the message lists the known ones)."""


@dataclass(frozen=True, slots=True)
class PluginInfo:
    name: str
    origin: str
    version: str | None
    blocked: bool
    data_sources: tuple[str, ...] = ()
    models: tuple[str, ...] = ()
    bookmakers: tuple[str, ...] = ()
    strategies: tuple[str, ...] = ()
    bookmaker_adapters: tuple[str, ...] = ()
    notifiers: tuple[str, ...] = ()


class PluginHost:
    def __init__(
        self,
        *,
        blocked: Collection[str] = (),
        builtins: Sequence[tuple[str, str]] = BUILTIN_PLUGINS,
        entry_point_group: str | None = ENTRY_POINT_GROUP,
    ) -> None:
        self._pm = pluggy.PluginManager(PROJECT)
        self._pm.add_hookspecs(hookspecs)
        self._origins: dict[str, tuple[str, str | None]] = {}
        self._blocked = sorted(set(blocked))
        for name in self._blocked:
            self._pm.set_blocked(name)
        for name, module in builtins:
            if name not in self._blocked:
                self.register(_import(name, module), name, origin=BUILTIN)
        if entry_point_group is not None:
            self._load_entry_points(entry_point_group)
        self.check_pending()

    @classmethod
    def from_setting(cls, blocked_setting: str = "") -> PluginHost:
        """The host with the plugins of STAKEWISE_BLOCKED_PLUGINS (comma-separated names) blocked."""
        blocked = [name.strip() for name in blocked_setting.split(",") if name.strip()]
        return cls(blocked=blocked)

    def register(self, plugin: object, name: str, *, origin: str, version: str | None = None) -> None:
        if name in self._origins:
            taken = self._origins[name][0]
            raise PluginError(
                f"plugin name {name!r} from {origin} is already taken by the plugin from {taken}"
            )
        try:
            self._pm.register(plugin, name=name)
        except ValueError as error:  # pluggy refuses the same plugin object twice
            raise PluginError(f"plugin {name!r} from {origin}: {error}") from None
        self._origins[name] = (origin, version)

    def check_pending(self) -> None:
        try:
            self._pm.check_pending()
        except pluggy.PluginValidationError as error:
            raise PluginError(f"plugin {_plugin_name(self._pm, error.plugin)!r}: {error}") from None

    def plugins(self) -> list[PluginInfo]:
        sources = _names_by_plugin(self._collect("stakewise_data_sources", context=self._context(_NoClock())))
        models = _names_by_plugin(self._collect("stakewise_models"))
        strategies = _names_by_plugin(self._collect("stakewise_strategies"))
        books = self._collect("stakewise_bookmakers")
        adapters = _names_by_plugin(self._collect("stakewise_bookmaker_adapters"))
        notifiers = _names_by_plugin(self._collect("stakewise_notifiers"))
        infos = [
            PluginInfo(name, origin, version, False, sources.get(name, ()), models.get(name, ()),
                       tuple(sorted(book.key for plugin, book in books if plugin == name)),
                       strategies.get(name, ()), adapters.get(name, ()), notifiers.get(name, ()))
            for name, (origin, version) in self._origins.items()
        ]  # fmt: skip
        infos += [PluginInfo(name, "blocked by setting", None, True) for name in self._blocked]
        return sorted(infos, key=lambda info: info.name)

    def bookmakers(self) -> dict[str, Bookmaker]:
        return _unique_by_name(self._collect("stakewise_bookmakers"), lambda book: book.key, "bookmaker")

    def bookmaker_adapters(self) -> dict[str, BookmakerAdapter]:
        found = self._collect("stakewise_bookmaker_adapters")
        return _unique_by_name(found, lambda adapter: adapter.name, "bookmaker adapter")

    def gateways(self, context: GatewayContext) -> PluginGateways:
        """The gateway of each bookmaker: its adapter chosen by STAKEWISE_BOOKMAKER_ADAPTERS, else paper."""
        choice = parse_adapter_choice(context.settings.get(ADAPTERS_SETTING, ""))
        return PluginGateways(self.bookmaker_adapters(), context, choice)

    def notifier_entries(self) -> dict[str, NotifierEntry]:
        return _unique_by_name(self._collect("stakewise_notifiers"), lambda entry: entry.name, "notifier")

    def notifiers(self, settings: Mapping[str, str]) -> list[Notifier]:
        """The notifiers named in STAKEWISE_NOTIFIERS (`log` unless set), built from the settings."""
        names = [n.strip() for n in settings.get(NOTIFIERS_SETTING, "log").split(",") if n.strip()]
        entries = self.notifier_entries()
        return [_one(entries, name, "notifier").create(settings) for name in names]

    def data_sources(self, clock: Clock) -> dict[str, DataSource]:
        found = self._collect("stakewise_data_sources", context=self._context(clock))
        return _unique_by_name(found, lambda source: source.name, "data source")

    def data_source(self, name: str, clock: Clock) -> DataSource:
        return _one(self.data_sources(clock), name, "data source")

    def models(self) -> dict[str, ModelEntry]:
        return _unique_by_name(self._collect("stakewise_models"), lambda entry: entry.name, "model")

    def model_catalogue(self) -> PluginModelCatalogue:
        return PluginModelCatalogue(self.models())

    def strategies(self) -> dict[str, StrategyEntry]:
        return _unique_by_name(self._collect("stakewise_strategies"), lambda entry: entry.name, "strategy")

    def strategy_catalogue(self) -> PluginStrategyCatalogue:
        return PluginStrategyCatalogue(self.strategies())

    def source_catalogue(self, clock: Clock) -> PluginSourceCatalogue:
        return PluginSourceCatalogue(self.data_sources(clock))

    def _context(self, clock: Clock) -> SourceContext:
        return SourceContext(clock=clock, bookmakers=self.bookmakers())

    def _collect(self, hook_name: str, **arguments: Any) -> list[tuple[str, Any]]:
        """Each plugin's contribution to a collecting hook, with the name of the plugin that made it."""
        caller: pluggy.HookCaller = getattr(self._pm.hook, hook_name)
        found: list[tuple[str, Any]] = []
        for implementation in reversed(caller.get_hookimpls()):
            given = {name: arguments[name] for name in implementation.argnames}
            try:
                contribution: Any = implementation.function(**given)
            except Exception as error:
                raise PluginError(
                    f"plugin {implementation.plugin_name!r} failed in {hook_name}: {error}"
                ) from error
            found += [(implementation.plugin_name, item) for item in contribution or ()]
        return found

    def _load_entry_points(self, group: str) -> None:
        seen: set[tuple[str, str]] = set()
        for distribution in importlib.metadata.distributions():
            for entry_point in distribution.entry_points.select(group=group):
                if (entry_point.name, entry_point.value) in seen or entry_point.name in self._blocked:
                    continue
                seen.add((entry_point.name, entry_point.value))
                origin = f"{distribution.metadata['Name']} {distribution.version} ({entry_point.value})"
                try:
                    plugin = entry_point.load()
                except Exception as error:
                    raise PluginError(
                        f"plugin {entry_point.name!r} from {origin} failed to load: {error}"
                    ) from error
                self.register(plugin, entry_point.name, origin=origin, version=distribution.version)


class PluginSourceCatalogue:
    """The data sources the plugins provide, by name (application.ports.data_source_catalogue)."""

    def __init__(self, sources: Mapping[str, DataSource]) -> None:
        self._sources = dict(sources)

    def names(self) -> list[str]:
        return sorted(self._sources)

    def source(self, name: str) -> DataSource:
        return _one(self._sources, name, "data source")


class PluginModelCatalogue:
    """The models the plugins provide, created by name (application.ports.model_catalogue)."""

    def __init__(self, entries: Mapping[str, ModelEntry]) -> None:
        self._entries = dict(entries)

    def names(self) -> list[str]:
        return sorted(self._entries)

    def create(self, name: str, parameters: Parameters | None = None) -> PredictionModel:
        return _one(self._entries, name, "model").create(parameters, self)


class PluginStrategyCatalogue:
    """The betting strategies the plugins provide, created by name (application.ports.betting_strategy)."""

    def __init__(self, entries: Mapping[str, StrategyEntry]) -> None:
        self._entries = dict(entries)

    def names(self) -> list[str]:
        return sorted(self._entries)

    def create(self, name: str, parameters: Parameters | None = None) -> BettingStrategy:
        return _one(self._entries, name, "strategy").create(parameters)


class _NoClock:
    """Listing plugins creates their sources without fetching anything: no time is ever read."""

    def now(self) -> Any:
        raise PluginError("a data source read the clock while being listed")


def _plugin_name(manager: pluggy.PluginManager, plugin: object) -> str:
    return manager.get_name(plugin) or repr(plugin)


def _import(name: str, module: str) -> object:
    try:
        return importlib.import_module(module)
    except Exception as error:
        raise PluginError(f"built-in plugin {name!r} ({module}) failed to load: {error}") from error


def _unique_by_name(
    found: Iterable[tuple[str, Item]], name_of: Callable[[Item], str], what: str
) -> dict[str, Item]:
    items: dict[str, Item] = {}
    owners: dict[str, str] = {}
    for plugin, item in found:
        name = name_of(item)
        if name in items:
            raise PluginError(f"{what} {name!r} is provided by two plugins: {owners[name]!r} and {plugin!r}")
        items[name], owners[name] = item, plugin
    return items


def _names_by_plugin(found: Iterable[tuple[str, Any]]) -> dict[str, tuple[str, ...]]:
    names: dict[str, list[str]] = {}
    for plugin, item in found:
        names.setdefault(plugin, []).append(item.name)
    return {plugin: tuple(sorted(items)) for plugin, items in names.items()}


def _one(items: Mapping[str, Item], name: str, what: str) -> Item:
    if name not in items:
        known = ", ".join(sorted(items)) or "none"
        raise UnknownPluginItem(f"unknown {what} {name!r}; known: {known}")
    return items[name]
