"""Entry point of the `stakewise` console script."""

from __future__ import annotations

import sys

from adapters.cli.app import run
from bootstrap.container import Container


def main() -> None:
    sys.exit(run(sys.argv[1:], Container()))


if __name__ == "__main__":
    main()
