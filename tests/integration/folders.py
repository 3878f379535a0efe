"""Temporary folders for embedded servers of the tests."""

from __future__ import annotations

import tempfile
from pathlib import Path


def server_folder() -> Path:
    """A fresh folder under the system's temporary folder, outside pytest's basetemp: pytest closes that
    to other users (mode 0700) whenever a session starts, and as root PostgreSQL runs as another user."""
    return Path(tempfile.mkdtemp(prefix="stakewise-test-"))
