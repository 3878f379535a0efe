"""Progress bars on standard error (rich), so standard output keeps only the result."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from adapters.cli.output import stderr_console
from application.ports.progress import ProgressTask


class _RichTask:
    def __init__(self, bars: Progress, task_id: int) -> None:
        self._bars = bars
        self._task_id = task_id

    def advance(self, steps: int = 1) -> None:
        self._bars.advance(self._task_id, steps)  # type: ignore[arg-type]

    def finish(self) -> None:
        self._bars.update(self._task_id, visible=False)  # type: ignore[arg-type]


class StderrProgress:
    """Use as a context manager around the long work; each task is a bar."""

    def __init__(self) -> None:
        self._bars = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=stderr_console(),
            transient=True,
        )

    def task(self, description: str, total: int) -> ProgressTask:
        return _RichTask(self._bars, int(self._bars.add_task(description, total=total)))

    def __enter__(self) -> Self:
        self._bars.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._bars.stop()
