"""Reading raw payloads from a locator: a file, every matching file under a directory, or an http(s) URL."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from application.pipeline.sources import PayloadError, RawPayload

if TYPE_CHECKING:
    from collections.abc import Iterator

    from application.ports.clock import Clock

URL_SCHEMES = ("http://", "https://")


def fetch(
    source: str, locator: str, clock: Clock, suffixes: tuple[str, ...], timeout: float
) -> Iterator[RawPayload]:
    """Payloads in a stable order (files sorted by path); a missing locator or HTTP error: PayloadError."""
    if locator.startswith(URL_SCHEMES):
        yield _download(source, locator, clock, timeout)
        return
    path = Path(locator)
    if path.is_dir():
        files = sorted(file for file in path.rglob("*") if file.is_file() and file.suffix.lower() in suffixes)
        if not files:
            raise PayloadError(locator, f"no {'/'.join(suffixes)} file in this directory")
        for file in files:
            yield _read(source, file, clock)
    elif path.is_file():
        yield _read(source, path, clock)
    else:
        raise PayloadError(locator, "no such file or directory (nor an http(s) URL)")


def _read(source: str, path: Path, clock: Clock) -> RawPayload:
    try:
        content = path.read_bytes()
    except OSError as error:
        raise PayloadError(str(path), f"cannot be read: {error.strerror or error}") from None
    return RawPayload(source=source, locator=str(path), content=content, fetched_at=clock.now())


def _download(source: str, url: str, clock: Clock, timeout: float) -> RawPayload:
    try:
        response = httpx.get(url, timeout=timeout, follow_redirects=True)
    except httpx.HTTPError as error:
        raise PayloadError(url, f"download failed: {type(error).__name__}: {error}") from None
    if response.status_code >= 400:
        raise PayloadError(url, f"download failed: HTTP {response.status_code} {response.reason_phrase}")
    return RawPayload(source=source, locator=url, content=response.content, fetched_at=clock.now())
