"""Where Temporal is: STAKEWISE_TEMPORAL_ADDRESS, or the embedded dev server of ./var (started on demand).

A dependency-injector Resource: the embedded server is leased for as long as the container's resources
live (a one-shot command stops what it started; `stakewise worker` keeps it for its lifetime).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from bootstrap.services.temporal import EmbeddedTemporal

TEMPORAL_ADDRESS_VARIABLE = "STAKEWISE_TEMPORAL_ADDRESS"
TEMPORAL_NAMESPACE_VARIABLE = "STAKEWISE_TEMPORAL_NAMESPACE"


def configured_address() -> str | None:
    return os.environ.get(TEMPORAL_ADDRESS_VARIABLE) or None


def namespace() -> str:
    return os.environ.get(TEMPORAL_NAMESPACE_VARIABLE) or "default"


def temporal_address(var_dir: Path) -> Iterator[str]:
    configured = configured_address()
    if configured:
        yield configured
        return
    with EmbeddedTemporal(var_dir).lease() as address:
        yield address
