"""A test server that speaks OPA's Data API (`/v1/data/{path}`) from an OPA bundle archive, evaluated by
regorus, a second and independent Rego implementation. It is not OPA: it exists so the REST policy engine
can be tested without an OPA server, and so the policies are checked against two implementations.

Like OPA, it loads `<dir>/data.json` members at `data.<dir>`, the policies, and the `.manifest` at
`data.system.bundles.<name>.manifest`. POST /v1/data/a/b with {"input": ...} answers {"result": value},
or {} when the document is undefined; an evaluation error is a 500 with OPA's error shape.
"""

from __future__ import annotations

import json
import tarfile
import threading
import time
from contextlib import contextmanager
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import TYPE_CHECKING, Any

import regorus

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

DATA_PREFIX = "/v1/data"


def regorus_engine(archive: Path, bundle_name: str = "stakewise") -> Any:
    engine = regorus.Engine()
    data: dict[str, Any] = {}
    with tarfile.open(archive, "r:gz") as bundle:
        for member in bundle.getmembers():
            content = bundle.extractfile(member)
            if content is None:
                continue
            text = content.read().decode("utf-8")
            if member.name == ".manifest":
                manifest = json.loads(text)
                data.setdefault("system", {}).setdefault("bundles", {})[bundle_name] = {"manifest": manifest}
            elif member.name.endswith("/data.json"):
                _place(data, member.name.split("/")[:-1], json.loads(text))
            elif member.name.endswith(".rego"):
                engine.add_policy(member.name, text)
    engine.add_data_json(json.dumps(data))
    return engine


def _place(data: dict[str, Any], path: list[str], value: Any) -> None:
    for key in path[:-1]:
        data = data.setdefault(key, {})
    data[path[-1]] = value


class RegoDataServer:
    """Serves one bundle on 127.0.0.1; `delay_seconds` and `fail_status` let tests make it slow or broken.

    A regorus engine may only be used by the thread that made it, so one thread makes it and serves every
    request, one at a time.
    """

    def __init__(self, archive: Path) -> None:
        self._archive = archive
        self._engine: Any = None
        self.delay_seconds = 0.0
        self.fail_status: int | None = None
        self.requests = 0

    def answer(self, path: str, document: dict[str, Any] | None) -> tuple[int, dict[str, Any]]:
        self.requests += 1
        time.sleep(self.delay_seconds)
        if self.fail_status is not None:
            return self.fail_status, {"code": "internal_error", "message": "the test server was told to fail"}
        reference = "data" + "".join(f"[{json.dumps(part)}]" for part in path.split("/") if part)
        if self._engine is None:
            self._engine = regorus_engine(self._archive)
        try:
            engine = self._engine.clone()  # a fresh input for every request
            if document is not None and "input" in document:
                engine.set_input_json(json.dumps(document["input"]))
            found = json.loads(engine.eval_query_as_json(reference))
        except RuntimeError as error:
            return 500, {"code": "internal_error", "message": str(error).splitlines()[0]}
        results = found.get("result") or []
        return 200, ({"result": results[0]["expressions"][0]["value"]} if results else {})

    def _serve(self, server: HTTPServer) -> None:
        try:
            server.serve_forever()
        finally:
            self._engine = None  # dropped by the thread that made it

    @contextmanager
    def serving(self) -> Iterator[str]:
        """Serve on a free port of 127.0.0.1; yields the base URL."""
        server = HTTPServer(("127.0.0.1", 0), _handler(self))
        thread = threading.Thread(target=self._serve, args=(server,), daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)


def _handler(app: RegoDataServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._serve(None)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            self._serve(body)

        def _serve(self, body: dict[str, Any] | None) -> None:
            path = self.path.split("?", 1)[0]
            if not path.startswith(DATA_PREFIX):
                self._send(HTTPStatus.NOT_FOUND, {"code": "not_found", "message": f"no route {path}"})
                return
            status, payload = app.answer(path[len(DATA_PREFIX) :], body)
            self._send(status, payload)

        def _send(self, status: int, payload: dict[str, Any]) -> None:
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            return None

    return Handler
