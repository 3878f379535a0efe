"""bench.wrk's Lua script under the real wrk: unique Idempotency-Keys, the bodies sent round-robin, and the
answers counted by status exactly as the server gave them (no timing is asserted)."""

from __future__ import annotations

import json
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, ClassVar

import pytest

from bench import wrk

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


class Recorder(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    keys: ClassVar[list[str]] = []  # shared by the handler threads
    bodies: ClassVar[Counter[str]] = Counter()
    lock: ClassVar[threading.Lock] = threading.Lock()

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        with self.lock:
            self.keys.append(self.headers["Idempotency-Key"])
            self.bodies[body] += 1
            status = 201 if len(self.keys) % 10 else 422  # every tenth answer refused
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    Recorder.keys.clear()
    Recorder.bodies.clear()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_each_request_has_its_own_key_and_every_answer_is_counted(server: str, tmp_path: Path) -> None:
    bodies = [json.dumps({"bankroll_id": f"b{i}", "note": 'quote " and \\ back'}) for i in range(3)]
    requests = [
        wrk.HttpRequest("POST", "/v1/tickets", {"Content-Type": "application/json"}, b) for b in bodies
    ]
    script = tmp_path / "issue.lua"
    script.write_text(wrk.lua_script(requests, idempotency_prefix="test-run"), encoding="utf-8")

    result = wrk.run(server, str(script), connections=4, seconds=1, threads=2)

    served = len(Recorder.keys)
    assert served > 0
    assert len(set(Recorder.keys)) == served  # no key twice
    assert all(key.startswith("test-run-") for key in Recorder.keys)
    assert set(Recorder.bodies) == set(bodies)  # every body sent, byte for byte
    # wrk counts the answers it read before its time was up: at most what was served, by status
    assert 0 < result.requests <= served
    assert sum(result.statuses.values()) == result.requests
    assert set(result.statuses) == {201, 422}
    assert result.non_2xx == result.statuses[422] <= served // 10
    assert result.socket_errors == 0
