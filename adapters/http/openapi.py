"""Finishing touches on the generated OpenAPI document, so it states what the API really does:

- every operation lists its problem responses (application/problem+json, one schema for all);
- public operations (health, ping, metrics, docs) need no API key;
- request bodies reject unknown fields (`additionalProperties: false`), as msgspec does;
- every operation has a deliberate `operationId` (OPERATION_IDS: what a generated client names its
  functions); a new route adds its line there (an operation missing from the table falls back to the
  camelCase of its handler's name, and tests/unit/test_openapi_document.py names it).
"""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.openapi.spec import OpenAPI, OpenAPIMediaType, OpenAPIResponse, Operation, Reference, Schema
from litestar.openapi.spec.enums import OpenAPIFormat, OpenAPIType

from adapters.http.problems import PROBLEM_MEDIA_TYPE, PROBLEM_TYPES

PROBLEM = "Problem"
_AUTHENTICATED = {"401", "403", "429"}
_PUBLIC_PREFIXES = ("/health/", "/metrics", "/v1/ping")
_BY_STATUS = {str(p.status): p for p in reversed(PROBLEM_TYPES)}
_REQUEST_STATUSES = ("400", "401", "403", "404", "422", "429", "503")
OPERATION_IDS: dict[tuple[str, str], str] = {
    ("GET", "/health/live"): "checkLiveness",
    ("GET", "/health/ready"): "checkReadiness",
    ("GET", "/v1/ping"): "ping",
    ("GET", "/metrics"): "getMetrics",
    ("GET", "/v1/me"): "getMe",
    ("POST", "/v1/tickets"): "issueTicket",
    ("GET", "/v1/tickets"): "listTickets",
    ("GET", "/v1/tickets/{ticket_id}"): "getTicket",
    ("POST", "/v1/tickets/quotes"): "quoteTickets",
    ("POST", "/v1/customers"): "registerCustomer",
    ("GET", "/v1/customers"): "listCustomers",
    ("GET", "/v1/customers/{customer_id}"): "getCustomer",
    ("PATCH", "/v1/customers/{customer_id}"): "updateCustomer",
    ("POST", "/v1/customers/{customer_id}/payments"): "recordPayment",
    ("GET", "/v1/bankrolls"): "listBankrolls",
    ("GET", "/v1/bankrolls/{bankroll_id}"): "getBankroll",
    ("GET", "/v1/bankrolls/{bankroll_id}/ledger"): "getBankrollLedger",
    ("PUT", "/v1/bankrolls/{bankroll_id}/risk"): "setBankrollRisk",
    ("GET", "/v1/edges"): "listEdges",
    ("GET", "/v1/fixtures"): "listFixtures",
    ("GET", "/v1/fixtures/{fixture_id}"): "getFixture",
    ("GET", "/v1/models"): "listModels",
    ("GET", "/v1/policy-decisions"): "listPolicyDecisions",
    ("GET", "/v1/policy-decisions/{decision_id}"): "getPolicyDecision",
    ("GET", "/v1/settlements"): "listSettlements",
    ("GET", "/v1/alerts"): "listAlerts",
}


def problem_schema() -> Schema:
    string, integer = Schema(type=OpenAPIType.STRING), Schema(type=OpenAPIType.INTEGER)
    return Schema(
        type=OpenAPIType.OBJECT,
        description="RFC 9457 problem details; `type` is stable per kind of error",
        required=["type", "title", "status", "detail"],
        properties={
            "type": Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.URI),
            "title": string,
            "status": integer,
            "detail": string,
            "instance": string,
            "request_id": string,
        },
        additional_properties=True,
    )


def refine(app: Litestar) -> None:
    document = app.openapi_schema
    _close_request_bodies(document)
    if document.components is None:
        raise AssertionError("Litestar's OpenAPI document has components")
    schemas = document.components.schemas if document.components.schemas is not None else {}
    schemas[PROBLEM] = problem_schema()
    document.components.schemas = schemas
    for path, item in (document.paths or {}).items():
        for method, operation in _operations(item):
            _document_problems(path, operation)
            operation.operation_id = OPERATION_IDS.get((method.upper(), path)) or _camel(operation)


def _operations(item: Any) -> list[tuple[str, Operation]]:
    methods = ("get", "put", "post", "delete", "patch", "head", "options")
    found = [(method, getattr(item, method, None)) for method in methods]
    return [(method, op) for method, op in found if op is not None]


def _camel(operation: Operation) -> str:
    """Litestar's default id (e.g. V1TicketsIssue) in camelCase: only for routes not yet in the table."""
    name = operation.operation_id or "operation"
    return name[0].lower() + name[1:]


def _document_problems(path: str, operation: Operation) -> None:
    public = path.startswith(_PUBLIC_PREFIXES)
    if public:
        operation.security = []
    responses = operation.responses if operation.responses is not None else {}
    statuses = ("503",) if public else _REQUEST_STATUSES
    for status in statuses:
        if status in _AUTHENTICATED and public:
            continue
        problem = _BY_STATUS[status]
        responses[status] = OpenAPIResponse(
            description=f"{problem.title} (problem type {problem.uri})",
            content={
                PROBLEM_MEDIA_TYPE: OpenAPIMediaType(schema=Reference(f"#/components/schemas/{PROBLEM}"))
            },
        )
    operation.responses = responses


def _close_request_bodies(document: OpenAPI) -> None:
    for schema in (document.components.schemas or {}).values():
        if isinstance(schema, Schema) and schema.type == OpenAPIType.OBJECT and schema.properties:
            schema.additional_properties = False
