"""One ticket request with STAKEWISE_OTEL_FILE set: one trace, from HTTP through the use case and its SQL
statements to the policy decision, continuing the caller's `traceparent`."""

from __future__ import annotations

import json
import secrets
from typing import TYPE_CHECKING, Any

import httpx

from tests.integration.servers import api_servers
from tests.integration.test_api_acceptance import _customer, _offer, _tenant, _ticket

if TYPE_CHECKING:
    from pathlib import Path


def _spans(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


async def test_an_issue_request_is_one_trace_with_http_use_case_sql_and_policy_spans(
    database_url: str, tmp_path: Path
) -> None:
    spans_file = tmp_path / "spans.jsonl"
    tenant = await _tenant(database_url, "traced partner")
    await _offer(database_url)  # the catalogue the ticket binds to (F0 ... F199)
    trace_id, parent_id = secrets.token_hex(16), secrets.token_hex(8)
    with api_servers(database_url, count=1, env={"STAKEWISE_OTEL_FILE": str(spans_file)}) as urls:
        async with httpx.AsyncClient(base_url=urls[0], timeout=30) as client:
            customer = await _customer(client, tenant)
            response = await client.post(
                "/v1/tickets",
                json=_ticket(customer, tenant, "2.00", "F8"),
                headers={
                    **tenant.headers,
                    "Idempotency-Key": "traced",
                    "traceparent": f"00-{trace_id}-{parent_id}-01",
                },
            )
    assert response.status_code == 201, response.text
    mine = [span for span in _spans(spans_file) if span["context"]["trace_id"] == f"0x{trace_id}"]
    names = [span["name"] for span in mine]
    server = [span for span in mine if span["kind"] == "SpanKind.SERVER"]
    assert len(server) == 1, names
    assert server[0]["parent_id"] == f"0x{parent_id}", names
    assert server[0]["name"] == "POST /v1/tickets", server[0]
    assert "use_case IssueTicket" in names, names
    assert any(name.startswith("sql INSERT") for name in names), names
    sql = [span for span in mine if span["name"].startswith("sql ")]
    assert all(span["attributes"]["db.statement"] for span in sql)
    policy = [span for span in mine if span["name"] == "policy decide"]
    assert len(policy) == 1, policy
    assert policy[0]["attributes"]["policy.allow"] is True, policy
    ids = {span["context"]["span_id"] for span in mine}
    assert all(span["parent_id"] in ids for span in mine if span is not server[0]), "one tree"
