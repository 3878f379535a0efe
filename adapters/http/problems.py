"""RFC 9457 problem details: every error leaves the API as application/problem+json with a stable `type`.

Business errors become 4xx problems that name the field or the rule; a lost database or policy engine
becomes 503; anything unexpected becomes a bare 500 (logged with its traceback, never sent to the client).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.types import ExceptionHandlersMap

from adapters.http.metrics import REFUSALS
from application.errors import Conflict, NotFound, Overloaded, ServiceUnavailable, Unauthenticated
from application.use_cases.issue_ticket import PolicyDenied
from domain.access import AccessDenied
from domain.errors import DomainError, RuleViolation

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_BASE = "https://stakewise.dev/problems/"
logger = logging.getLogger("stakewise.http")


@dataclass(frozen=True, slots=True)
class ProblemType:
    slug: str
    title: str
    status: int

    @property
    def uri(self) -> str:
        return PROBLEM_BASE + self.slug


VALIDATION = ProblemType("validation-error", "The request is not valid", 400)
UNAUTHENTICATED = ProblemType("unauthenticated", "A valid API key is required", 401)
FORBIDDEN = ProblemType("forbidden", "The API key's role does not allow this", 403)
NOT_FOUND = ProblemType("not-found", "Not found", 404)
METHOD_NOT_ALLOWED = ProblemType("method-not-allowed", "Method not allowed", 405)
NOT_ACCEPTABLE = ProblemType("not-acceptable", "Not acceptable", 406)
CONFLICT = ProblemType("conflict", "The request conflicts with the stored state", 409)
PAYLOAD_TOO_LARGE = ProblemType("payload-too-large", "The request body is too large", 413)
UNSUPPORTED_MEDIA_TYPE = ProblemType("unsupported-media-type", "Unsupported media type", 415)
INVALID_INPUT = ProblemType("invalid-input", "The request breaks a business rule of its values", 422)
RULE_VIOLATION = ProblemType("rule-violation", "A business rule refused the request", 422)
POLICY_DENIED = ProblemType("policy-denied", "The compliance policy refused the request", 422)
IDEMPOTENCY_KEY_REUSED = ProblemType(
    "idempotency-key-reused", "The Idempotency-Key was already used with a different request", 422
)
RATE_LIMITED = ProblemType("rate-limited", "Too many requests for this API key", 429)
OVERLOADED = ProblemType("overloaded", "The service has more of this work waiting than it accepts", 429)
AUTH_RATE_LIMITED = ProblemType(
    "authentication-rate-limited", "Too many failed authentications from this address", 429
)
INTERNAL = ProblemType("internal-error", "Internal error", 500)
SERVICE_UNAVAILABLE = ProblemType("service-unavailable", "A service the request needs is unavailable", 503)

PROBLEM_TYPES: tuple[ProblemType, ...] = (
    VALIDATION, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, METHOD_NOT_ALLOWED, NOT_ACCEPTABLE, CONFLICT,
    PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, INVALID_INPUT, RULE_VIOLATION, POLICY_DENIED,
    IDEMPOTENCY_KEY_REUSED, RATE_LIMITED, OVERLOADED, AUTH_RATE_LIMITED, INTERNAL, SERVICE_UNAVAILABLE,
)  # fmt: skip
_BY_STATUS = {
    problem.status: problem
    for problem in PROBLEM_TYPES
    if problem.slug not in ("rule-violation", "overloaded", "authentication-rate-limited")
}
_CONFLICTS = {IDEMPOTENCY_KEY_REUSED.slug: IDEMPOTENCY_KEY_REUSED}


class ProblemException(Exception):
    """Raised by a handler to answer with a given problem type and extra members."""

    def __init__(
        self, problem: ProblemType, detail: str, headers: dict[str, str] | None = None, **extra: Any
    ) -> None:
        super().__init__(detail)
        self.problem, self.detail, self.headers, self.extra = problem, detail, headers or {}, extra


def problem_response(
    request: Request[Any, Any, Any],
    problem: ProblemType,
    detail: str,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response[dict[str, Any]]:
    body: dict[str, Any] = {
        "type": problem.uri,
        "title": problem.title,
        "status": problem.status,
        "detail": detail,
        "instance": request.url.path,
    }
    request_id = request.scope.get("state", {}).get("request_id")
    if request_id:
        body["request_id"] = request_id
    body.update(extra)
    return Response(body, status_code=problem.status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def _validation_errors(extra: Any) -> list[dict[str, str]]:
    if not isinstance(extra, list):
        return []
    return [
        {"field": str(item.get("key") or item.get("source") or "body"), "message": str(item.get("message"))}
        for item in extra
        if isinstance(item, dict)
    ]


def _on_validation(request: Request[Any, Any, Any], error: ValidationException) -> Response[dict[str, Any]]:
    errors = _validation_errors(error.extra)
    detail = "; ".join(f"{item['field']}: {item['message']}" for item in errors) or str(error.detail)
    return problem_response(request, VALIDATION, detail, errors=errors)


def _on_http(request: Request[Any, Any, Any], error: HTTPException) -> Response[dict[str, Any]]:
    if isinstance(error, ValidationException):
        return _on_validation(request, error)
    if error.status_code >= 500:
        return _on_unexpected(request, error)
    problem = _BY_STATUS.get(error.status_code) or ProblemType("http-error", "Failed", error.status_code)
    if problem is UNAUTHENTICATED:
        headers = {"WWW-Authenticate": 'Bearer realm="stakewise"', **(error.headers or {})}
        return problem_response(request, problem, str(error.detail), headers)
    return problem_response(request, problem, str(error.detail), error.headers)


def _on_problem(request: Request[Any, Any, Any], error: ProblemException) -> Response[dict[str, Any]]:
    return problem_response(request, error.problem, error.detail, error.headers, **error.extra)


def _on_rule(request: Request[Any, Any, Any], error: RuleViolation) -> Response[dict[str, Any]]:
    REFUSALS.labels(error.rule).inc()
    extra: dict[str, Any] = {"rule": error.rule, **error.facts}
    return problem_response(request, RULE_VIOLATION, error.detail, None, **extra)


def _on_domain(request: Request[Any, Any, Any], error: DomainError) -> Response[dict[str, Any]]:
    if isinstance(error, RuleViolation):
        return _on_rule(request, error)
    if isinstance(error, PolicyDenied):
        return _on_policy_denied(request, error)
    if isinstance(error, AccessDenied):
        return problem_response(request, FORBIDDEN, str(error))
    return problem_response(request, INVALID_INPUT, str(error))


def _on_policy_denied(request: Request[Any, Any, Any], error: PolicyDenied) -> Response[dict[str, Any]]:
    decision = error.decision
    REFUSALS.labels("policy").inc()
    reasons = [{"rule": r.rule, "message": r.message, "figure": r.figure} for r in decision.reasons]
    detail = str(error)
    return problem_response(request, POLICY_DENIED, detail, decision_id=decision.decision_id, reasons=reasons)


def _on_not_found(request: Request[Any, Any, Any], error: NotFound) -> Response[dict[str, Any]]:
    return problem_response(request, NOT_FOUND, str(error))


def _on_conflict(request: Request[Any, Any, Any], error: Conflict) -> Response[dict[str, Any]]:
    return problem_response(request, _CONFLICTS.get(error.reason, CONFLICT), str(error))


def _on_unauthenticated(request: Request[Any, Any, Any], error: Unauthenticated) -> Response[dict[str, Any]]:
    headers = {"WWW-Authenticate": 'Bearer realm="stakewise"'}
    return problem_response(request, UNAUTHENTICATED, str(error), headers)


def _on_unavailable(request: Request[Any, Any, Any], error: ServiceUnavailable) -> Response[dict[str, Any]]:
    logger.warning("service unavailable: %s: %s", error.component, error)
    headers = {"Retry-After": "1"}
    return problem_response(request, SERVICE_UNAVAILABLE, str(error), headers, component=error.component)


def _on_overloaded(request: Request[Any, Any, Any], error: Overloaded) -> Response[dict[str, Any]]:
    logger.warning("overloaded: %s: %s", error.component, error)
    headers = {"Retry-After": str(error.retry_after_seconds)}
    return problem_response(request, OVERLOADED, str(error), headers, component=error.component)


def _on_unexpected(request: Request[Any, Any, Any], error: Exception) -> Response[dict[str, Any]]:
    """Anything no adapter translated into an application error: a bug, logged, answered 500. (A lost
    database is the persistence adapters' StorageUnavailable by then, answered 503 above.)"""
    logger.error("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    return problem_response(request, INTERNAL, "an unexpected error occurred; it has been logged")


def exception_handlers() -> ExceptionHandlersMap:
    return {
        HTTPException: _on_http,
        ProblemException: _on_problem,
        DomainError: _on_domain,
        NotFound: _on_not_found,
        Conflict: _on_conflict,
        Unauthenticated: _on_unauthenticated,
        ServiceUnavailable: _on_unavailable,
        Overloaded: _on_overloaded,
        Exception: _on_unexpected,
    }
