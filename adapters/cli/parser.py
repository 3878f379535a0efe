"""An argparse parser that reports usage errors as one short line instead of exiting with a usage dump."""

from __future__ import annotations

import argparse
from typing import NoReturn

from adapters.cli.errors import UsageError


class CliParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json", action="store_true", help="print exactly one JSON document on standard output"
    )
