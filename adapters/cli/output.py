"""Output of the command line: one JSON document with --json, a readable rendering otherwise.

Logs and progress always go to standard error, so standard output holds only the result.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

from rich.console import Console

stdout_console = Console(file=sys.stdout, highlight=False, soft_wrap=True)
stderr_console = Console(file=sys.stderr, highlight=False)


def emit(as_json: bool, payload: dict[str, Any], render: Callable[[Console], None]) -> None:
    if as_json:
        sys.stdout.write(json.dumps(payload) + "\n")
    else:
        render(stdout_console)
