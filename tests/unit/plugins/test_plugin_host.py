"""The plugin host: built-ins through the same hooks, entry points, duplicate names, blocking."""

from __future__ import annotations

import sys
import textwrap
from types import SimpleNamespace
from typing import TYPE_CHECKING

import pytest

from plugins.hookspecs import Bookmaker, ModelEntry, SourceContext, hookimpl
from plugins.manager import BUILTIN_PLUGINS, PluginError, PluginHost, UnknownPluginItem
from tests.unit.pipeline.harness import FixedClock

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


class RenamedFootballData:
    """A plugin offering a data source under a name a built-in already uses."""

    @hookimpl
    def stakewise_data_sources(self, context: SourceContext) -> list[object]:
        return [SimpleNamespace(name="football-data")]


def test_built_in_plugins_register_through_the_same_hooks_as_any_other() -> None:
    plugins = {info.name: info for info in PluginHost(entry_point_group=None).plugins()}
    assert {name for name, _ in BUILTIN_PLUGINS} <= set(plugins)
    assert plugins["football-data"].data_sources == ("football-data",)
    assert plugins["football-data"].origin == "built-in"
    assert "pinnacle" in plugins["bookmakers"].bookmakers


def test_a_taken_plugin_name_is_refused_naming_both_origins() -> None:
    host = PluginHost(entry_point_group=None)
    with pytest.raises(
        PluginError, match=r"'football-data' from my-package .* taken by the plugin from built-in"
    ):
        host.register(RenamedFootballData(), "football-data", origin="my-package")


def test_two_plugins_offering_one_source_name_is_an_error_naming_both() -> None:
    host = PluginHost(entry_point_group=None)
    host.register(RenamedFootballData(), "copycat", origin="test")
    with pytest.raises(
        PluginError, match=r"data source 'football-data' is provided by two plugins: .*copycat"
    ):
        host.data_sources(FixedClock())


def test_plugins_named_in_the_setting_are_not_loaded() -> None:
    host = PluginHost.from_setting(" football-data , nothing-such")
    listed = {info.name: info for info in host.plugins()}
    assert listed["football-data"].blocked
    assert listed["football-data"].data_sources == ()
    with pytest.raises(UnknownPluginItem, match="unknown data source 'football-data'"):
        host.data_source("football-data", FixedClock())


def test_a_misspelt_hook_is_an_error_at_start_up() -> None:
    class Misspelt:
        @hookimpl
        def stakewise_data_source(self) -> list[object]:  # not a hook: the s is missing
            return []

    host = PluginHost(entry_point_group=None)
    host.register(Misspelt(), "misspelt", origin="test")
    with pytest.raises(PluginError, match=r"misspelt.*stakewise_data_source"):
        host.check_pending()


def test_a_plugin_failing_inside_a_hook_is_named() -> None:
    class Broken:
        @hookimpl
        def stakewise_bookmakers(self) -> list[Bookmaker]:
            raise RuntimeError("config file missing")

    host = PluginHost(entry_point_group=None)
    host.register(Broken(), "broken", origin="test")
    with pytest.raises(
        PluginError, match="plugin 'broken' failed in stakewise_bookmakers: config file missing"
    ):
        host.bookmakers()


def test_models_are_created_by_name_through_the_catalogue() -> None:
    class Constant:
        name, components, refit_days = "constant", (), 0

        def __init__(self, parameters: object) -> None:
            self.parameters = parameters

    class Models:
        @hookimpl
        def stakewise_models(self) -> list[ModelEntry]:
            return [ModelEntry("constant", lambda parameters, catalogue: Constant(parameters))]  # type: ignore[arg-type, return-value]

    host = PluginHost(entry_point_group=None)
    host.register(Models(), "models-test", origin="test")
    catalogue = host.model_catalogue()
    assert "constant" in catalogue.names()
    assert catalogue.create("constant", {"k": 1}).parameters == {"k": 1}
    with pytest.raises(UnknownPluginItem, match="unknown model 'nope'"):
        catalogue.create("nope")


@pytest.fixture
def entry_point_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder on sys.path where a test can lay out installed distributions by hand."""
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in [module for module in sys.modules if module.startswith("swtest_")]:
        del sys.modules[name]


def install_by_hand(site: Path, distribution: str, entry_points: str, module: str, code: str) -> None:
    info = site / f"{distribution}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {distribution}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[stakewise.plugins]\n{entry_points}\n")
    (site / f"{module}.py").write_text(textwrap.dedent(code))


def test_an_entry_point_taking_a_built_in_name_is_refused(entry_point_site: Path) -> None:
    install_by_hand(entry_point_site, "swtest_clash", "football-data = swtest_clash", "swtest_clash", "")
    with pytest.raises(
        PluginError, match=r"'football-data' from swtest_clash 1.0 .* taken by the plugin from built-in"
    ):
        PluginHost()


def test_an_entry_point_that_fails_to_import_is_named(entry_point_site: Path) -> None:
    install_by_hand(
        entry_point_site, "swtest_bad", "bad = swtest_bad", "swtest_bad", "import nothing_such_module\n"
    )
    with pytest.raises(PluginError, match=r"plugin 'bad' from swtest_bad 1.0 .* failed to load"):
        PluginHost()


def test_a_blocked_entry_point_is_not_even_imported(entry_point_site: Path) -> None:
    install_by_hand(
        entry_point_site, "swtest_bad", "bad = swtest_bad", "swtest_bad", "import nothing_such_module\n"
    )
    host = PluginHost(blocked=["bad"])
    assert "swtest_bad" not in sys.modules
    assert any(info.name == "bad" and info.blocked for info in host.plugins())
