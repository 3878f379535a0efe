"""A partner's generated client works: openapi-python-client generates a package from the document a
real server serves, and that package registers a customer, issues a ticket and reads it back, calling
operations by their operationIds (issue_ticket, get_ticket, register_customer)."""

from __future__ import annotations

import datetime
import importlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx

from tests.catalogue_builders import fixture_id
from tests.integration.servers import api_servers
from tests.integration.test_api_acceptance import _offer, _tenant

PACKAGE = "stakewise_partner_client"


def _generate(document: Path, folder: Path) -> None:
    bin_dir = str(Path(sys.executable).parent)
    result = subprocess.run(
        [str(Path(bin_dir) / "openapi-python-client"), "generate", "--path", str(document),
         "--output-path", str(folder / PACKAGE), "--meta", "none"],
        capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "PATH": f"{bin_dir}:{os.environ.get('PATH', '')}"},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert (folder / PACKAGE / "client.py").exists(), result.stdout + result.stderr


def _module(name: str) -> Any:
    return importlib.import_module(f"{PACKAGE}.{name}")


async def test_a_client_generated_from_the_served_document_issues_a_ticket(
    database_url: str, tmp_path: Path
) -> None:
    tenant = await _tenant(database_url, "generated client")
    await _offer(database_url)  # the catalogue offers F0 ... F199, 1x2 at pinnacle 2.05
    with api_servers(database_url, count=1) as urls:
        document = tmp_path / "openapi.json"
        async with httpx.AsyncClient(timeout=30) as http:
            document.write_text((await http.get(f"{urls[0]}/schema/openapi.json")).text)
        _generate(document, tmp_path)
        sys.path.insert(0, str(tmp_path))
        try:
            client = _module("client").AuthenticatedClient(base_url=urls[0], token=tenant.key)
            models = _module("models")
            customer = _module("api.customers.register_customer").sync(
                client=client,
                body=models.CustomerIn(
                    jurisdiction="GB", date_of_birth=datetime.date(1985, 6, 1), identity_verified=True
                ),
            )
            leg = models.LegIn(fixture=fixture_id("F7"), competition="EPL", market="1x2", selection="home",
                               bookmaker="pinnacle", odds="2.05")  # fmt: skip
            issued = _module("api.tickets.issue_ticket").sync_detailed(
                client=client,
                body=models.TicketIn(
                    customer_id=customer.id, bankroll_id=tenant.bankroll_id, stake="3.00", legs=[leg]
                ),
                idempotency_key="generated-client-1",
            )
            assert issued.status_code == 201, issued.content
            read = _module("api.tickets.get_ticket").sync(issued.parsed.id, client=client)
        finally:
            sys.path.remove(str(tmp_path))
            for name in [name for name in sys.modules if name.startswith(PACKAGE)]:
                del sys.modules[name]
    assert isinstance(read, models.TicketOut)
    assert read.id == issued.parsed.id
    assert read.stake == "3.00"
