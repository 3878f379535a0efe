"""`stakewise services up|down|status` on a var folder of its own (STAKEWISE_VAR_DIR)."""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import TYPE_CHECKING, Any

import pytest

from adapters.cli.app import run
from bootstrap.container import Container
from bootstrap.services.postgres import BIN
from tests.integration.folders import server_folder

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@pytest.fixture(autouse=True)
def only_postgres_is_embedded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Temporal is configured by address here, so these tests start and stop PostgreSQL only."""
    monkeypatch.setenv("STAKEWISE_TEMPORAL_ADDRESS", "127.0.0.1:7233")


def services(capsys: pytest.CaptureFixture[str], *command: str) -> dict[str, Any]:
    container = Container()
    try:
        assert run(["services", *command, "--json"], container) == 0
    finally:
        container.shutdown_resources()
    states = json.loads(capsys.readouterr().out)["services"]
    return dict(next(state for state in states if state["name"] == "postgres"))


@pytest.fixture
def var_dir() -> Iterator[Path]:
    folder = server_folder()
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_up_status_down(
    var_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    tmp_path = var_dir
    monkeypatch.setenv("STAKEWISE_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("STAKEWISE_DATABASE_URL", raising=False)
    try:
        assert services(capsys, "status")["running"] is False
        started = services(capsys, "up")
        assert started["running"] is True
        assert started["mode"] == "manual"
        assert started["address"] == f"postgresql+asyncpg://postgres@/stakewise?host={tmp_path / 'pg'}"
        assert started["url"] == f"postgresql://postgres@/stakewise?host={tmp_path / 'pg'}"
        psql = subprocess.run(
            [str(BIN / "psql"), started["url"], "-tAc", "SELECT current_database()"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert psql.returncode == 0, psql.stderr
        assert psql.stdout.strip() == "stakewise", psql.stderr
        assert json.loads((tmp_path / "run" / "postgres.json").read_text())["pid"] == started["pid"]
        assert services(capsys, "status") == started
        assert services(capsys, "down") == {
            "name": "postgres",
            "running": False,
            "pid": None,
            "address": None,
            "mode": "stopped",
            "note": "stopped",
            "ui_url": None,
            "url": None,
        }
        assert services(capsys, "status")["running"] is False
    finally:
        Container().embedded_services().down()


def test_a_configured_database_is_shown_not_managed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("STAKEWISE_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("STAKEWISE_DATABASE_URL", "postgresql://stakewise:secret@db.internal:5432/stakewise")
    state = services(capsys, "up")
    assert state["mode"] == "external"
    assert state["address"] == "postgresql://stakewise:***@db.internal:5432/stakewise"
    assert not (tmp_path / "pg").exists()
