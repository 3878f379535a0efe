"""Sources read http(s) URLs with httpx: a local HTTP server stands in for football-data.co.uk."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING

import pytest

from application.pipeline.sources import PayloadError
from tests.fakes.pipeline import InMemoryPipelineStore
from tests.unit.pipeline.football_data_samples import csv_bytes
from tests.unit.pipeline.harness import ingest

if TYPE_CHECKING:
    from collections.abc import Iterator

PAGES = {
    "/mmz4281/2425/E0.csv": (
        200,
        "text/csv",
        csv_bytes("Div,Date,HomeTeam,AwayTeam,FTHG,FTAG", ["E0,17/08/2024,Arsenal,Wolves,2,0"]),
    ),
    "/mmz4281/2526/E0.csv": (200, "text/html", b"<!DOCTYPE html><html><body>Maintenance</body></html>"),
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status, kind, body = PAGES.get(self.path, (404, "text/html", b"<html>Not Found</html>"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_csv_url_is_ingested_with_division_and_season_from_its_path(server: str) -> None:
    store = InMemoryPipelineStore()
    summary = ingest(store, "football-data", f"{server}/mmz4281/2425/E0.csv")
    assert summary.fixtures == 1
    [fixture] = store.state.fixtures.values()
    assert (fixture.competition, fixture.season) == ("E0", "2024-2025")
    [batch] = store.state.batches.values()
    assert batch.locator == f"{server}/mmz4281/2425/E0.csv"


def test_an_html_page_served_as_the_csv_is_rejected(server: str) -> None:
    summary = ingest(InMemoryPipelineStore(), "football-data", f"{server}/mmz4281/2526/E0.csv")
    [rejected] = summary.rejected_payloads
    assert "HTML page" in rejected.reason
    assert summary.fixtures == 0


def test_an_http_error_is_a_clear_error(server: str) -> None:
    with pytest.raises(PayloadError, match="HTTP 404"):
        ingest(InMemoryPipelineStore(), "football-data", f"{server}/missing.csv")
