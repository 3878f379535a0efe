"""The `stakewise` command line: parses arguments, runs one command, maps errors to exit codes."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any

from adapters.cli import (
    admin,
    audit,
    ingest,
    models,
    odds,
    optimize,
    plugins_cmd,
    policy,
    serve,
    services_cmd,
    settlement,
    workflows,
)
from adapters.cli.errors import EXIT_FAILURE, EXIT_USAGE, UsageError
from adapters.cli.parser import CliParser
from adapters.cli.services import CliServices
from application.errors import NotFound
from domain.errors import DomainError

CommandGroup = Callable[[Any, CliServices], None]
COMMAND_GROUPS: list[CommandGroup] = [
    odds.add_commands,
    admin.add_commands,
    serve.add_commands,
    services_cmd.add_commands,
    ingest.add_commands,
    plugins_cmd.add_commands,
    policy.add_commands,
    audit.add_commands,
    optimize.add_commands,
    models.add_commands,
    workflows.add_commands,
    settlement.add_commands,
]


def build_parser(services: CliServices) -> CliParser:
    parser = CliParser(prog="stakewise", description="Compliant, optimised betting tickets.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=CliParser)
    for add_commands in COMMAND_GROUPS:
        add_commands(commands, services)
    return parser


def run(argv: Sequence[str], services: CliServices) -> int:
    try:
        args = build_parser(services).parse_args(list(argv))
        handler: Callable[[Any], int] = args.handler
        return handler(args)
    except UsageError as error:
        return _fail(EXIT_USAGE, f"{error}")
    except (DomainError, NotFound) as error:
        return _fail(EXIT_USAGE, f"stakewise: error: {error}")
    except KeyboardInterrupt:
        return _fail(EXIT_FAILURE, "stakewise: interrupted")
    except Exception as error:  # the edge of the program: never a traceback for the user
        return _fail(EXIT_FAILURE, f"stakewise: failed: {type(error).__name__}: {error}")


def _fail(code: int, message: str) -> int:
    first_lines = "\n".join(message.strip().splitlines()[:3])
    print(first_lines, file=sys.stderr)
    return code
