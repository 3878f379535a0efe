"""Entry point of the `stakewise` console script."""

from __future__ import annotations

import sys

from adapters.cli.app import run
from bootstrap.container import Container


def main() -> None:
    container = Container()
    try:
        code = run(sys.argv[1:], container)
    finally:
        container.shutdown_resources()  # e.g. stop the embedded database this command started
    sys.exit(code)


if __name__ == "__main__":
    main()
