"""A server's audit anchor writes its checkpoints in the background, coalesced, and never backwards."""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

from adapters.files.audit_anchor import BackgroundAuditAnchor, FileAuditAnchor
from application.ports.audit_anchor import AuditHead

if TYPE_CHECKING:
    from pathlib import Path


class SlowAnchor(FileAuditAnchor):
    """Holds its first write until released, and counts the writes."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder, "key")
        self.release = threading.Event()
        self.written: list[int] = []

    def checkpoint(self, head: AuditHead) -> None:
        self.release.wait(5)
        if head.seq == 13:
            raise OSError("disk full")
        self.written.append(head.seq)
        super().checkpoint(head)


def test_heads_handed_over_during_a_write_are_coalesced_into_the_highest(tmp_path: Path) -> None:
    slow = SlowAnchor(tmp_path)
    anchor = BackgroundAuditAnchor(slow)
    anchor.checkpoint(AuditHead(1, "h1"))
    for seq in (5, 3, 9, 7):  # while the first write waits
        anchor.checkpoint(AuditHead(seq, f"h{seq}"))
    slow.release.set()

    assert anchor.head() == AuditHead(9, "h9")
    assert slow.written == [1, 9]
    anchor.checkpoint(AuditHead(4, "h4"))  # an earlier head than the file's is never written over it
    anchor.close()
    assert FileAuditAnchor(tmp_path).head() == AuditHead(9, "h9")


def test_a_failed_write_does_not_stop_the_writer_and_close_writes_the_last_head(tmp_path: Path) -> None:
    slow = SlowAnchor(tmp_path)
    slow.release.set()
    anchor = BackgroundAuditAnchor(slow)
    anchor.checkpoint(AuditHead(13, "h13"))
    anchor.flush()
    anchor.checkpoint(AuditHead(14, "h14"))
    anchor.close()

    assert FileAuditAnchor(tmp_path).head() == AuditHead(14, "h14")
    assert anchor.key() == b"key"


class TimedAnchor(FileAuditAnchor):
    def __init__(self, folder: Path) -> None:
        super().__init__(folder, "key")
        self.written: list[tuple[int, float]] = []

    def checkpoint(self, head: AuditHead) -> None:
        self.written.append((head.seq, time.monotonic()))
        super().checkpoint(head)


def test_writes_are_spaced_by_the_minimum_interval_and_the_heads_between_coalesce(tmp_path: Path) -> None:
    timed = TimedAnchor(tmp_path)
    anchor = BackgroundAuditAnchor(timed, min_interval=0.3)
    anchor.checkpoint(AuditHead(1, "h1"))
    anchor.flush()
    for seq in (2, 3, 4):  # within the interval after the first write
        anchor.checkpoint(AuditHead(seq, f"h{seq}"))
    anchor.close()

    assert [seq for seq, _ in timed.written] == [1, 4]
    assert timed.written[1][1] - timed.written[0][1] >= 0.3
    assert FileAuditAnchor(tmp_path).head() == AuditHead(4, "h4")
