"""The API's per-request observability: access lines written in batches, HTTP metrics by status."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import TYPE_CHECKING

from litestar.testing import TestClient

from adapters.http.app import create_app
from adapters.http.observability import AccessLog, access_log
from adapters.http.settings import ApiSettings
from tests.fakes.container import memory_container

if TYPE_CHECKING:
    import pytest


async def test_access_lines_of_one_loop_pass_are_written_together_at_its_end(
    capsys: pytest.CaptureFixture[str],
) -> None:
    log = AccessLog()
    log.write(b'{"n": 1}')
    log.write(b'{"n": 2}')
    assert capsys.readouterr().err == ""  # not yet: the pass is still running
    await asyncio.sleep(0)
    assert [json.loads(line)["n"] for line in capsys.readouterr().err.splitlines()] == [1, 2]


def test_each_request_is_logged_once_and_counted_with_its_own_status(
    capsys: pytest.CaptureFixture[str],
) -> None:
    key = "m" * 24
    with TestClient(create_app(memory_container().api_services(), ApiSettings(metrics_key=key))) as client:
        level = access_log.level
        access_log.setLevel(logging.INFO)  # the level the API runs at
        try:
            client.get("/v1/ping", headers={"X-Request-ID": "ping-1"})
            client.get("/v1/me", headers={"Authorization": "Bearer sw_no_key", "X-Request-ID": "me-1"})
            metrics = client.get("/metrics", headers={"Authorization": f"Bearer {key}"}).text
        finally:
            access_log.setLevel(level)
    err = capsys.readouterr().err
    lines = [json.loads(line) for line in err.splitlines() if '"event":"request"' in line]
    by_id = {line["request_id"]: line for line in lines}
    assert by_id["ping-1"]["status"] == 200
    assert by_id["me-1"]["status"] == 401
    assert len([line for line in lines if line["request_id"] == "me-1"]) == 1
    assert 'path="/v1/me",status_code="401"' in metrics  # an authentication failure counted as such
    assert (
        'stakewise_requests_total{app_name="stakewise",method="GET",path="/v1/ping",status_code="200"}'
        in metrics
    )
