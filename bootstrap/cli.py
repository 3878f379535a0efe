"""Entry point of the `stakewise` console script."""

from __future__ import annotations

import os
import sys

from adapters.cli.app import run
from adapters.temporal.client import connected_in_this_process
from bootstrap.container import Container


def main() -> None:
    container = Container()
    try:
        code = run(sys.argv[1:], container)
    finally:
        container.shutdown_resources()  # e.g. stop the embedded database this command started
    if connected_in_this_process():
        _exit_now(code)
    sys.exit(code)


def _exit_now(code: int) -> None:
    """Temporal's native threads can crash the interpreter's clean-up (temporalio/sdk-python#300)."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    main()
