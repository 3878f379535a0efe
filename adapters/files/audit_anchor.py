"""The audit chain's anchor in files outside the database: the HMAC key and the head checkpoint.

- The key: `STAKEWISE_AUDIT_KEY` when set (its text is the key), else the file `var/audit/key`, created
  on first use with 32 random bytes (hex) and mode 0600.
- The checkpoint: `var/audit/head.json`, {"seq": ..., "hash": ..., "at": ...}, rewritten atomically under
  an exclusive lock after each append batch commits, and only forward (a higher seq replaces a lower).

Someone with full rights on the database but not on these files can neither re-hash an edited chain
(no key) nor delete its tail unnoticed (the checkpoint names the last entry and its hash).
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import TYPE_CHECKING

from application.ports.audit_anchor import AuditHead

if TYPE_CHECKING:
    from pathlib import Path

log = logging.getLogger(__name__)


class FileAuditAnchor:
    def __init__(self, folder: Path, configured_key: str | None = None) -> None:
        self._folder = folder
        self._configured = configured_key
        self._key: bytes | None = None

    @property
    def key_file(self) -> Path:
        return self._folder / "key"

    @property
    def head_file(self) -> Path:
        return self._folder / "head.json"

    def key(self) -> bytes:
        if self._key is None:
            self._key = (self._configured or self._stored_key()).strip().encode()
        return self._key

    def _stored_key(self) -> str:
        self._folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            descriptor = os.open(self.key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return self.key_file.read_text(encoding="ascii")
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(secrets.token_hex(32) + "\n")
        return self.key_file.read_text(encoding="ascii")

    def checkpoint(self, head: AuditHead) -> None:
        self._folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        with open(self._folder / "head.lock", "a", encoding="ascii") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            current = self.head()
            if current is not None and current.seq >= head.seq:
                return
            body = {
                "seq": head.seq,
                "hash": head.hash,
                "at": None if head.at is None else head.at.isoformat(),
            }
            temporary = self.head_file.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(json.dumps(body) + "\n", encoding="ascii")
            os.replace(temporary, self.head_file)

    def head(self) -> AuditHead | None:
        try:
            body = json.loads(self.head_file.read_text(encoding="ascii"))
        except FileNotFoundError:
            return None
        at = body.get("at")
        return AuditHead(
            int(body["seq"]), str(body["hash"]), None if at is None else datetime.fromisoformat(at)
        )


class BackgroundAuditAnchor:
    """The file anchor of a server process: checkpoints are written by one background thread, coalesced.

    A commit hands over its new head and goes on (no file I/O on the event loop); while one write runs,
    later heads wait and only the highest of them is written next. The checkpoint may trail the chain by
    the writes in flight, which `audit verify` accepts (a checkpoint behind the chain's head, never one
    ahead of it); `close()` writes the last head before the process ends. `min_interval` (seconds) spaces
    the writes: a busy server writes its head a few times a second, not after each of its hundreds of
    commits (each write costs some 2 ms of CPU under the interpreter's lock).
    """

    def __init__(self, anchor: FileAuditAnchor, min_interval: float = 0.0) -> None:
        self._anchor = anchor
        self._min_interval = min_interval
        self._written_at = -min_interval
        self._lock = threading.Lock()
        self._waiting: AuditHead | None = None
        self._writing = False
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="audit-anchor")

    def key(self) -> bytes:
        return self._anchor.key()

    def checkpoint(self, head: AuditHead) -> None:
        with self._lock:
            if self._waiting is None or head.seq > self._waiting.seq:
                self._waiting = head
            if self._writing:
                return
            self._writing = True
        self._writer.submit(self._write_waiting)

    def head(self) -> AuditHead | None:
        self.flush()
        return self._anchor.head()

    def flush(self) -> None:
        """Return once every head handed over so far is written."""
        self._writer.submit(lambda: None).result()

    def close(self) -> None:
        self.flush()
        self._writer.shutdown(wait=True)

    def _write_waiting(self) -> None:
        while True:
            wait = self._written_at + self._min_interval - time.monotonic()
            if wait > 0:  # the heads handed over meanwhile coalesce
                time.sleep(wait)
            with self._lock:
                head, self._waiting = self._waiting, None
                if head is None:
                    self._writing = False
                    return
            try:
                self._anchor.checkpoint(head)
            except Exception:  # the next head retries the file: a failed write must not stop the writer
                log.exception("the audit anchor could not checkpoint seq %s", head.seq)
            self._written_at = time.monotonic()
