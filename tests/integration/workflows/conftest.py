"""A real Temporal dev server for the workflow tests: one per test session, state in a temporary folder.

Fixtures:
- `temporal_address` (session): host:port of the running dev server.
- `client` (function): a client with the workflows' data converter (connecting takes milliseconds).
- `task_queue` (function): a task queue of the test's own, so workers of other tests never pick its tasks.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import pytest
import pytest_asyncio

from adapters.temporal.client import connect
from bootstrap.services.temporal_server import TemporalDevServer, free_port
from tests.integration.workflows.processes import die_with_parent

if TYPE_CHECKING:
    from collections.abc import Iterator

    from temporalio.client import Client

_queues = itertools.count(1)


@pytest.fixture(scope="session")
def temporal_address(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = TemporalDevServer(tmp_path_factory.mktemp("temporal"))
    running = server.start(port=free_port(), preexec=die_with_parent)
    try:
        yield running.address
    finally:
        server.stop()


@pytest_asyncio.fixture(loop_scope="function")  # a client belongs to the event loop of its test
async def client(temporal_address: str) -> Client:
    return await connect(temporal_address)


@pytest.fixture
def task_queue(request: pytest.FixtureRequest) -> str:
    return f"test-{next(_queues)}-{request.node.name}"[:200]
