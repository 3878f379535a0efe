"""The partner quick start of docs/api.md runs as written: services up, ingest a league placed around today,
serve, admin keys, then curl registers a customer, takes a scheduled catalogue fixture and its stored price,
quotes, issues and reads a ticket (on a var folder and a port of the test's own)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.integration.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "api.md"


def quick_start() -> str:
    section = GUIDE.read_text().split("## Quick start for a partner", 1)[1]
    match = re.search(r"```bash\n(.*?)```", section, re.S)
    assert match, "docs/api.md has no bash block under 'Quick start for a partner'"
    return match.group(1)


def test_the_partner_quick_start_runs_as_written(tmp_path: Path) -> None:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("STAKEWISE_")}
    environment |= {
        "PATH": f"{Path(sys.executable).parent}:{environment.get('PATH', '')}",
        "STAKEWISE_VAR_DIR": str(tmp_path / "var"),
        "PORT": str(free_port()),
    }
    # whatever happens, nothing stays running: the server and the embedded services are stopped
    guard = (
        "set -euo pipefail\n"
        "trap 'kill $(jobs -p) 2>/dev/null || true; stakewise services down >/dev/null' EXIT\n"
    )
    result = subprocess.run(
        ["bash", "-c", guard + quick_start()],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    printed = "\n" + result.stdout
    start = printed.rindex("\n{\n")  # what step 9 printed: the last top-level JSON document
    ticket = json.loads(printed[start : printed.index("\n}\n", start) + 2])
    assert ticket["id"], ticket
    assert ticket["status"] == "placed", ticket
    assert len(ticket["legs"]) == 1, ticket
    assert float(ticket["stake"]) > 0
    [leg] = ticket["legs"]
    assert leg["market"] == "1x2", leg
    assert leg["selection"] in {"home", "draw", "away"}, leg
    assert leg["bookmaker"] in {"pinnacle", "bet365"}, leg
    assert float(leg["odds"]) > 1, leg
    [placement] = ticket["placements"]
    assert placement["bookmaker"] == leg["bookmaker"], placement
    assert placement["status"] == "accepted", placement
