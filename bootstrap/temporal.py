"""Where Temporal is: STAKEWISE_TEMPORAL_ADDRESS, or the embedded dev server of ./var (started on demand).

A dependency-injector Resource: the embedded server is leased for as long as the container's resources
live (a one-shot command stops what it started; `stakewise worker` keeps it for its lifetime).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bootstrap.services.temporal import EmbeddedTemporal

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


def temporal_address(var_dir: Path, configured: str | None) -> Iterator[str]:
    if configured:
        yield configured
        return
    with EmbeddedTemporal(var_dir).lease() as address:
        yield address
