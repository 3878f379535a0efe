"""The example third-party plugin (examples/stakewise-example-plugin) installs and loads by its entry point.

It is built and installed with pip into a temporary folder (not into .venv, so the test is repeatable and
leaves nothing behind), which is then put on the import path: exactly how an installed plugin is found.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from plugins.manager import PluginHost
from tests.fakes.pipeline import InMemoryPipelineStore
from tests.unit.pipeline.harness import ingest

if TYPE_CHECKING:
    from collections.abc import Iterator

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "stakewise-example-plugin"
STAKEWISE = Path(sys.executable).with_name("stakewise")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("example-plugin")
    source, site = work / "source", work / "site"
    shutil.copytree(EXAMPLE, source, ignore=shutil.ignore_patterns("build", "*.egg-info"))
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
               "--disable-pip-version-check", "--target", str(site), str(source)]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return site


@pytest.fixture
def on_path(installed: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.syspath_prepend(str(installed))
    yield installed
    for name in [module for module in sys.modules if module.startswith("stakewise_example_plugin")]:
        del sys.modules[name]


@pytest.mark.slow
def test_the_installed_example_is_loaded_through_its_entry_point(on_path: Path) -> None:
    [example] = [info for info in PluginHost().plugins() if info.name == "example"]
    assert example.origin.startswith("stakewise-example-plugin 0.1.0")
    assert (example.data_sources, example.bookmakers) == (("example-csv",), ("example-book",))


@pytest.mark.slow
def test_the_example_source_ingests_its_sample(on_path: Path) -> None:
    store = InMemoryPipelineStore()
    summary = ingest(store, "example-csv", str(EXAMPLE / "sample.csv"), plugins=PluginHost())
    assert (summary.fixtures, summary.odds_rows, summary.quarantined) == (3, 6, 1)
    assert summary.quarantined_by_reason == {"invalid_row": 1}


@pytest.mark.slow
def test_stakewise_plugins_list_shows_it(on_path: Path) -> None:
    environment = dict(os.environ, PYTHONPATH=str(on_path))
    result = subprocess.run([str(STAKEWISE), "plugins", "list", "--json"], capture_output=True, text=True,
                            env=environment, check=False, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr
    names = {plugin["name"]: plugin for plugin in json.loads(result.stdout)["plugins"]}
    assert names["example"]["data_sources"] == ["example-csv"]
