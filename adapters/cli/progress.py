"""Progress bars on standard error (rich), so standard output keeps only the result."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Self

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from adapters.cli.output import stderr_console

if TYPE_CHECKING:
    from types import TracebackType

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


class StepProgress:
    """The steps of a long job on standard error: one line per step with the time it took, and, on a
    terminal, a spinner naming the step under way. Use as a context manager; call `step(name)` as each
    step starts."""

    def __init__(self, title: str) -> None:
        self._console = stderr_console()
        self._status = self._console.status(title)
        self._current: tuple[str, float] | None = None
        self._started = time.monotonic()

    def step(self, name: str) -> None:
        self._close_step()
        self._current = (name, time.monotonic())
        self._status.update(f"{name} … ({time.monotonic() - self._started:.0f} s in)")

    def _close_step(self) -> None:
        if self._current is not None:
            name, started = self._current
            self._console.print(f"  step: {name} ({time.monotonic() - started:.1f} s)", highlight=False)
            self._current = None

    def __enter__(self) -> Self:
        self._started = time.monotonic()
        self._status.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._close_step()
        self._status.stop()
