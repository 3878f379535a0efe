"""With STAKEWISE_OTLP_ENDPOINT set, a command's spans are sent to that OTLP/HTTP collector."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

if TYPE_CHECKING:
    from collections.abc import Iterator

ROOT = Path(__file__).resolve().parents[2]


class Collector(BaseHTTPRequestHandler):
    received: list[tuple[str, bytes]] = []  # noqa: RUF012 (shared by the handler instances)

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Collector.received.append((self.path, body))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        return None


@pytest.fixture
def collector() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), Collector)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_a_command_exports_its_spans_to_the_otlp_endpoint(collector: str) -> None:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("STAKEWISE_")}
    result = subprocess.run(
        [sys.executable, "-m", "bootstrap.cli", "odds", "devig", "--method", "shin", "2.10", "3.40", "3.60"],
        cwd=ROOT, env={**environment, "STAKEWISE_OTLP_ENDPOINT": collector},
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert [path for path, _ in Collector.received] == ["/v1/traces"]
    request = ExportTraceServiceRequest.FromString(Collector.received[0][1])
    spans = [span for group in request.resource_spans for scope in group.scope_spans for span in scope.spans]
    assert "stakewise odds devig" in [span.name for span in spans]
    resource = {a.key: a.value.string_value for a in request.resource_spans[0].resource.attributes}
    assert resource["service.name"] == "stakewise-cli"
