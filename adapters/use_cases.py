"""What the driving adapters (HTTP, command line) need to obtain a use case: the composition root's lookup
by the use case's class (bootstrap.use_cases.UseCases), so a wrong name fails at import or type-check time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

UseCase = TypeVar("UseCase")


class UseCaseFactories(Protocol):
    def factory(self, kind: type[UseCase]) -> Callable[..., UseCase]:
        """The container's provider of `kind`: each call builds a new one."""
        ...

    def __call__(self, kind: type[UseCase], **arguments: Any) -> UseCase:
        """A new `kind`, with its runtime arguments (e.g. `progress=`) as keywords."""
        ...
