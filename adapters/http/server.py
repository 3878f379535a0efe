"""`stakewise serve`: the partner API under granian, one or more worker processes.

The parent resolves the database once (starting the embedded server if none is configured) and hands
its URL to the workers through the environment; each worker builds the app from the same composition root.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from granian import Granian
from granian.constants import Interfaces

DATABASE_URL_VARIABLE = "STAKEWISE_DATABASE_URL"


@dataclass(frozen=True)
class ApiServer:
    app_factory: str  # "module:function" of the ASGI app factory
    database_url: Callable[[], str]

    def run(self, host: str, port: int, workers: int) -> None:
        os.environ[DATABASE_URL_VARIABLE] = self.database_url()
        with tempfile.TemporaryDirectory(prefix="stakewise-metrics-") as metrics_dir:
            if workers > 1:  # one /metrics over every worker: prometheus_client's multiprocess mode
                os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(Path(metrics_dir))
            server = Granian(
                self.app_factory,
                address=host,
                port=port,
                workers=workers,
                interface=Interfaces.ASGI,
                factory=True,
                log_access=False,
            )
            server.serve()
