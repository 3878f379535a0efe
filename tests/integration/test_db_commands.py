"""`stakewise db current|upgrade|history`: where the schema is, and moving it to the newest, explicitly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def _db(*arguments: str, url: str) -> dict[str, Any]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("STAKEWISE_")}
    result = subprocess.run(
        [sys.executable, "-m", "bootstrap.cli", "db", *arguments, "--json"],
        cwd=ROOT, env={**environment, "STAKEWISE_DATABASE_URL": url},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


def test_db_commands_show_and_move_an_empty_database_to_the_newest_schema(empty_database_url: str) -> None:
    history = _db("history", url=empty_database_url)["revisions"]
    head = next(revision["revision"] for revision in history if revision["is_head"])

    before = _db("current", url=empty_database_url)
    upgraded = _db("upgrade", url=empty_database_url)
    after = _db("current", url=empty_database_url)

    assert before["current"] is None
    assert before["head"] == head
    assert before["up_to_date"] is False
    assert upgraded["before"] is None
    assert upgraded["current"] == head
    assert after["current"] == head
    assert after["up_to_date"] is True
    assert history[-1]["down_revision"] is None
    assert all(revision["message"] for revision in history)
