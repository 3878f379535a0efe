"""Output of the command line: one JSON document with --json, a readable rendering otherwise.

Logs and progress always go to standard error, so standard output holds only the result.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

from rich.console import Console

if TYPE_CHECKING:
    from collections.abc import Callable


def stdout_console() -> Console:
    """A console on the current standard output (looked up at call time, so redirection is honoured)."""
    return Console(file=sys.stdout, highlight=False, soft_wrap=True)


def stderr_console() -> Console:
    return Console(file=sys.stderr, highlight=False)


def emit(as_json: bool, payload: dict[str, Any], render: Callable[[Console], None]) -> None:
    if as_json:
        sys.stdout.write(json.dumps(payload) + "\n")
    else:
        render(stdout_console())
