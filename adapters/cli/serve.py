"""`stakewise serve`: the partner API (granian), built from the same composition root as the CLI."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from adapters.cli.errors import EXIT_FAILURE, EXIT_OK, UsageError

if TYPE_CHECKING:
    import argparse

    from adapters.cli.services import CliServices

SubParsers = Any  # argparse's _SubParsersAction is private


def add_commands(commands: SubParsers, services: CliServices) -> None:
    parser = commands.add_parser("serve", help="serve the partner API (OpenAPI docs at /schema)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    parser.set_defaults(handler=lambda args: _serve(args, services))


def _serve(args: argparse.Namespace, services: CliServices) -> int:
    if not 0 < args.port < 65536:
        raise UsageError(f"stakewise serve: invalid --port {args.port}: must be 1 to 65535")
    if not 1 <= args.workers <= 64:
        raise UsageError(f"stakewise serve: invalid --workers {args.workers}: must be 1 to 64")
    code = services.api_server().run(args.host, args.port, args.workers)
    return EXIT_OK if code == 0 else EXIT_FAILURE
