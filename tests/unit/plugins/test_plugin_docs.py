"""Every hook is documented: in its docstring, and by name in docs/plugins.md."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from plugins import hookspecs

DOCS = (Path(__file__).resolve().parents[3] / "docs" / "plugins.md").read_text(encoding="utf-8")
HOOKS = [
    function
    for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
    if hasattr(function, "stakewise_spec")
]


def test_there_are_hooks_for_sources_models_strategies_and_bookmakers() -> None:
    assert {hook.__name__ for hook in HOOKS} == {
        "stakewise_bookmakers",
        "stakewise_bookmaker_adapters",
        "stakewise_data_sources",
        "stakewise_models",
        "stakewise_strategies",
        "stakewise_notifiers",
    }


@pytest.mark.parametrize("hook", HOOKS, ids=lambda hook: hook.__name__)
def test_each_hook_has_a_docstring_and_a_section_in_the_docs(hook: object) -> None:
    assert len(inspect.getdoc(hook) or "") > 80
    assert f"### `{hook.__name__}(" in DOCS  # type: ignore[attr-defined]


def test_the_docs_name_the_entry_point_group_and_the_blocking_setting() -> None:
    assert hookspecs.ENTRY_POINT_GROUP in DOCS
    assert "STAKEWISE_BLOCKED_PLUGINS" in DOCS
