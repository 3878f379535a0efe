"""What the driving adapters (HTTP, command line) need to obtain a use case: the composition root's lookup
by the use case's class (bootstrap.use_cases.UseCases), so a wrong name fails at import or type-check time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable

UseCase = TypeVar("UseCase")


class UseCaseFactories(Protocol):
    def factory(self, kind: type[UseCase]) -> Callable[..., UseCase]:
        """The container's provider of `kind`: each call builds a new one."""
        ...

    def __call__(self, kind: type[UseCase], **arguments: Any) -> UseCase:
        """A new `kind`, with its runtime arguments (e.g. `progress=`) as keywords."""
        ...
