"""Port: a data source (a plugin) that fetches raw payloads and parses each into source records."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from application.pipeline.sources import ParsedPayload, RawPayload


class DataSource(Protocol):
    @property
    def name(self) -> str:
        """The source's name as used on the command line and in bronze, e.g. "football-data"."""
        ...

    def fetch(self, locator: str) -> Iterator[RawPayload]:
        """Every payload behind a locator (a file, each file of a directory, a URL), read as raw bytes.

        Raises PayloadError when the locator cannot be read (missing file, HTTP error).
        """
        ...

    def parse(self, payload: RawPayload) -> ParsedPayload:
        """Source records of one payload; rows that fail validation come back as rejected rows.

        Raises PayloadError when the payload as a whole is unreadable; then nothing of it is stored.
        """
        ...
