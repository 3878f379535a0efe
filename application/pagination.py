"""Cursor pagination: a page of items and the opaque cursor of the next page (None on the last page)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from domain.errors import DomainError

T = TypeVar("T")
MAX_PAGE_SIZE = 200


@dataclass(frozen=True, slots=True)
class PageRequest:
    limit: int = 50
    cursor: str | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_PAGE_SIZE:
            raise DomainError(f"invalid limit {self.limit}: must be from 1 to {MAX_PAGE_SIZE}")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: tuple[T, ...]
    next_cursor: str | None


class InvalidCursor(DomainError):
    """A cursor that this API did not hand out."""
