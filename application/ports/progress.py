"""Port: progress of long work (a progress bar on standard error in the CLI, nothing in tests)."""

from __future__ import annotations

from typing import Protocol


class ProgressTask(Protocol):
    def advance(self, steps: int = 1) -> None: ...

    def finish(self) -> None: ...


class Progress(Protocol):
    def task(self, description: str, total: int) -> ProgressTask:
        """Start a task of `total` steps."""
        ...


class _SilentTask:
    def advance(self, steps: int = 1) -> None:
        return None

    def finish(self) -> None:
        return None


class SilentProgress:
    """Progress that reports nothing."""

    def task(self, description: str, total: int) -> ProgressTask:
        return _SilentTask()
