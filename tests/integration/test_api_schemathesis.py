"""Schemathesis against the served OpenAPI document of a real server process: no response is a 5xx.

A 503 counts as a failure too: the database and the policy engine are up during this run, so an
"unavailable" answer would be a bug, not an outage. Examples are bounded to keep the suite fast.
"""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.integration.servers import api_servers
from tests.integration.test_api_acceptance import _tenant

if TYPE_CHECKING:
    from collections.abc import Iterator

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


@pytest.fixture(scope="module")
def server(database_url: str) -> Iterator[str]:
    # the fuzzer sends wrong keys on purpose: past the failed-authentication limit every operation would
    # answer 429 for the rest of the window and go untested
    env = {"STAKEWISE_API_AUTH_FAILURE_LIMIT": "100000000"}
    with api_servers(database_url, count=1, env=env) as urls:
        yield urls[0]


def test_no_generated_request_gets_a_server_error(server: str, database_url: str, tmp_path: Path) -> None:
    tenant = asyncio.run(_tenant(database_url, "fuzzed"))
    command = [
        str(SCHEMATHESIS),
        "run",
        f"{server}/schema/openapi.json",
        "--checks",
        "not_a_server_error",
        "--phases",
        "examples,coverage,fuzzing",
        "--max-examples",
        "5",
        "--seed",
        "8",
        "--workers",
        "1",
        "--max-time",
        "20",
        "--header",
        f"Authorization: Bearer {tenant.key}",
        "--report-junit-path",
        str(tmp_path / "junit.xml"),
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert run.returncode == 0, _failures(run.stdout) + run.stderr[-2000:]
    report = (tmp_path / "junit.xml").read_text()
    assert 'failures="0"' in report
    assert 'errors="0"' in report
    assert re.search(r"(\d+) generated, \1 passed", run.stdout), run.stdout[-2000:]


def _failures(output: str) -> str:
    """The failing cases of schemathesis' output (between its FAILURES and SUMMARY banners)."""
    start, end = output.find("FAILURES"), output.find("SUMMARY")
    return output[start:end] if start >= 0 else output[-5000:]
