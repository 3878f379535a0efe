"""Settings read from the environment once, at start-up (STAKEWISE_* variables)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    """`database_url` None means: use the embedded PostgreSQL under `var_dir` (DESIGN.md)."""

    database_url: str | None
    var_dir: Path

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        return cls(
            database_url=environ.get("STAKEWISE_DATABASE_URL") or None,
            var_dir=Path(environ.get("STAKEWISE_VAR_DIR") or "var").resolve(),
        )
