"""A rich progress bar for `stakewise ingest`, on standard error (standard output holds only the result)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

if TYPE_CHECKING:
    from types import TracebackType

    from rich.console import Console


class RichIngestProgress:
    """The application's IngestProgress port drawn as one bar: payloads done, fixtures, quarantined rows."""

    def __init__(self, console: Console) -> None:
        self._progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn(
                "payloads · {task.fields[fixtures]:,} fixtures · {task.fields[quarantined]:,} quarantined"
            ),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self._task: TaskID | None = None
        self._fixtures = 0
        self._quarantined = 0

    def __enter__(self) -> RichIngestProgress:
        self._progress.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._progress.stop()

    def started(self, source: str, payloads: int) -> None:
        self._task = self._progress.add_task(f"ingest {source}", total=payloads, fixtures=0, quarantined=0)

    def payload_done(self, locator: str, fixtures: int, quarantined: int) -> None:
        self._fixtures += fixtures
        self._quarantined += quarantined
        self._advance()

    def payload_rejected(self, locator: str, reason: str) -> None:
        self._progress.console.print(f"[yellow]rejected[/] {locator}: {reason}", highlight=False)
        self._advance()

    def _advance(self) -> None:
        if self._task is not None:
            self._progress.update(
                self._task, advance=1, fixtures=self._fixtures, quarantined=self._quarantined
            )
