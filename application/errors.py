"""Errors of the application layer: what a use case reports beyond the domain's business errors.

Business errors (domain.errors) and infrastructure errors are different types: adapters translate a lost
database or policy engine into ServiceUnavailable (the persistence adapters into its StorageUnavailable), and
every edge maps it to its own "try again later" without knowing any driver's errors.
"""

from __future__ import annotations


class ApplicationError(Exception):
    """Base of the errors a use case raises on its own account."""


class NotFound(ApplicationError):
    """The object does not exist, or the caller may not see it (the two are never told apart)."""

    def __init__(self, what: str, identifier: str) -> None:
        super().__init__(f"{what} {identifier!r} not found")
        self.what = what
        self.identifier = identifier


class Conflict(ApplicationError):
    """The request contradicts the stored state (e.g. an Idempotency-Key reused with another body)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class Unauthenticated(ApplicationError):
    """No valid credentials were presented."""


class ServiceUnavailable(ApplicationError):
    """A component the use case needs (database, policy engine) did not answer: nothing was done."""

    def __init__(self, component: str, message: str) -> None:
        super().__init__(message)
        self.component = component


class StorageUnavailable(ServiceUnavailable):
    """The database could not be reached, or one of its configured time-outs ran out (a lock wait, a
    statement, the wait for a pooled connection): the transaction rolled back; the caller may try again.
    The persistence adapters raise it in place of their drivers' errors; the message names what happened
    (e.g. "database: lock wait timed out")."""

    def __init__(self, message: str, component: str = "database") -> None:
        super().__init__(component, message)


class Overloaded(ApplicationError):
    """A component has more work waiting than it accepts: nothing was done; try again after a while."""

    def __init__(self, component: str, message: str, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.component = component
        self.retry_after_seconds = retry_after_seconds
