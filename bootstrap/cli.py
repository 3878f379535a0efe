"""Entry point of the `stakewise` console script."""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING

import structlog
from dependency_injector import providers

from adapters.cli.app import run
from adapters.cli.errors import EXIT_USAGE
from adapters.observability.tracing import shutdown_tracing, tracer
from adapters.temporal.client import connected_in_this_process
from bootstrap.container import Container
from bootstrap.observability import start_observability
from bootstrap.settings import SettingsError, load_settings

if TYPE_CHECKING:
    from collections.abc import Sequence

VERBOSE_FLAGS = ("-v", "--verbose")
log = structlog.stdlib.get_logger("stakewise.cli")


def main() -> None:
    argv = sys.argv[1:]
    try:
        settings = load_settings()
    except SettingsError as error:  # validated before anything starts: one line naming the variable
        print(f"stakewise: {error}", file=sys.stderr)
        sys.exit(EXIT_USAGE)
    component = "worker" if _command(argv) == "worker" else "cli"
    start_observability(settings, component, verbose=_verbose(argv))
    container = Container()
    container.settings.override(providers.Object(settings))
    started, command = time.perf_counter(), _command(argv)
    try:
        with tracer.start_as_current_span(f"stakewise {command}", attributes={"cli.argv": argv}):
            log.debug("command started", command=command, argv=argv)
            code = run(argv, container)
            log.debug("command finished", command=command, exit_code=code,
                      duration_ms=round((time.perf_counter() - started) * 1000, 1))  # fmt: skip
    finally:
        container.shutdown_resources()  # e.g. stop the embedded database this command started
        shutdown_tracing()
    if connected_in_this_process():
        _exit_now(code)
    sys.exit(code)


def _verbose(argv: Sequence[str]) -> bool:
    """-v/--verbose is an option of `stakewise` itself, so it stands before the command."""
    for argument in argv:
        if not argument.startswith("-"):
            return False
        if argument in VERBOSE_FLAGS:
            return True
    return False


def _command(argv: Sequence[str]) -> str:
    words = [argument for argument in argv if not argument.startswith("-")]
    return " ".join(words[:2]) if words else "(none)"


def _exit_now(code: int) -> None:
    """Temporal's native threads can crash the interpreter's clean-up (temporalio/sdk-python#300)."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    main()
