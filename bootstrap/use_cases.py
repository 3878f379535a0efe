"""The composition root's use cases, looked up by their class: `use_cases(IssueTicket)`.

Every use case (a class of `application/use_cases/` with an `execute` method) is a `providers.Factory` of
`bootstrap/container.py`; the API, the command line, the workers and the tests ask for one by its type, so a
wrong name fails at import or type-check time, and an overridden adapter (tests/fakes/container.py) reaches
every use case that needs it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar, cast

from dependency_injector import containers, providers

if TYPE_CHECKING:
    from collections.abc import Callable

UseCase = TypeVar("UseCase")


class UseCases:
    """Callable: `use_cases(Kind, **runtime_arguments)` is a new `Kind` from the container's provider."""

    def __init__(self, container: containers.Container) -> None:
        self._container = container

    def factory(self, kind: type[UseCase]) -> Callable[..., UseCase]:
        """The container's provider of `kind` (overrides apply when it is called)."""
        found = [
            provider
            for provider in self._container.providers.values()
            if isinstance(provider, providers.Factory) and provider.cls is kind
        ]
        if len(found) != 1:
            raise LookupError(f"the container has {len(found)} providers of {kind.__name__}, not one")
        return cast("Callable[..., UseCase]", found[0])

    def __call__(self, kind: type[UseCase], **arguments: Any) -> UseCase:
        return self.factory(kind)(**arguments)
