"""Entry point of a standalone Temporal worker: `python -m bootstrap.worker` (as `stakewise worker`)."""

from __future__ import annotations

import sys

from bootstrap.cli import main as cli_main


def main() -> None:
    sys.argv = [sys.argv[0], "worker", *sys.argv[1:]]
    cli_main()


if __name__ == "__main__":
    main()
