"""Every test runs with a var folder of its own (STAKEWISE_VAR_DIR), never the checkout's ./var: what a
command keeps there (the audit chain's key and head checkpoint, embedded servers' records) belongs to the
test's own database."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _own_var_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STAKEWISE_VAR_DIR", str(tmp_path_factory.mktemp("var")))
