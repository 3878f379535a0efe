"""Exit codes of the command line (DESIGN.md): 0 success, 2 invalid input or usage, 1 anything else."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """The command line itself is wrong: an unknown option, a missing argument, a bad value."""
