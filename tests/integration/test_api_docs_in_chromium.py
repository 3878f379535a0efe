"""The interactive API docs render in a real browser without internet: headless Chromium (Debian's
package, `make system-packages`) loads /schema/swagger from a real server; the page draws, and shows the
operations by their summaries. The page loads nothing from another origin (the app serves the assets)."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from typing import TYPE_CHECKING

import pytest

from tests.integration.servers import api_servers

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium: run `make system-packages`")


@pytest.fixture(scope="module")
def server(database_url: str) -> Iterator[str]:
    with api_servers(database_url, count=1) as urls:
        yield urls[0]


def _chromium(*arguments: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,1000", "--virtual-time-budget=8000",
         # no other origin may be reached: every host but the server's own resolves nowhere
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", *arguments],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def _distinct_rows(png: bytes) -> int:
    """Distinct pixel rows of the (8-bit RGB/RGBA, non-interlaced) screenshot: a blank page has 1."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    position, data, header = 8, b"", b""
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind, body = png[position + 4 : position + 8], png[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            data += body
        position += 12 + length
    width, height = struct.unpack(">II", header[:8])
    channels = {2: 3, 6: 4}[header[9]]
    raw, stride = zlib.decompress(data), width * channels + 1
    return len({raw[row * stride + 1 : (row + 1) * stride] for row in range(height)})


def test_swagger_ui_renders_offline_and_shows_issue_a_ticket(server: str, tmp_path: Path) -> None:
    screenshot = tmp_path / "swagger.png"  # kept in the test folder for a look
    shot = _chromium(f"--screenshot={screenshot}", f"{server}/schema/swagger", tmp_path=tmp_path)
    dom = _chromium("--dump-dom", f"{server}/schema/swagger", tmp_path=tmp_path)

    assert screenshot.exists(), shot.stderr[-2000:]
    png = screenshot.read_bytes()
    assert len(png) > 20_000, "the page is blank"
    assert _distinct_rows(png) > 50, "the page is blank"
    assert "Issue a ticket" in dom.stdout, dom.stdout[-2000:]
    assert "opblock-summary" in dom.stdout, "Swagger UI drew its operations"
