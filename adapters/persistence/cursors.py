"""Keyset pagination: a cursor is the opaque, URL-safe encoding of the last row's sort key."""

from __future__ import annotations

import base64
import json
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, or_

from application.pagination import InvalidCursor, Page, PageRequest

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

T = TypeVar("T")


def encode(at: date | datetime, identifier: object) -> str:
    raw = json.dumps([at.isoformat(), str(identifier)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(
    cursor: str, parse_at: Callable[[str], Any] = datetime.fromisoformat, parse_id: Callable[[str], Any] = str
) -> tuple[Any, Any]:
    try:
        at, identifier = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        return parse_at(at), parse_id(identifier)
    except (ValueError, TypeError, AttributeError) as error:
        raise InvalidCursor(f"invalid cursor {cursor!r}: not one this API handed out") from error


def keyset(
    query: Select[Any],
    at: ColumnElement[Any],
    identifier: ColumnElement[Any],
    request: PageRequest,
    newest_first: bool,
    parse_at: Callable[[str], Any] = datetime.fromisoformat,
    parse_id: Callable[[str], Any] = str,
) -> Select[Any]:
    """Order by (at, identifier) and start after the cursor; one row more than asked shows a next page."""
    if request.cursor is not None:
        after_at, after_id = decode(request.cursor, parse_at, parse_id)
        if newest_first:
            query = query.where(or_(at < after_at, and_(at == after_at, identifier < after_id)))
        else:
            query = query.where(or_(at > after_at, and_(at == after_at, identifier > after_id)))
    order = (at.desc(), identifier.desc()) if newest_first else (at.asc(), identifier.asc())
    return query.order_by(*order).limit(request.limit + 1)


def page_of(items: Sequence[T], request: PageRequest, key: Any) -> Page[T]:
    """The first `limit` items, and a cursor when the query found one more."""
    shown = tuple(items[: request.limit])
    more = len(items) > request.limit
    return Page(shown, encode(*key(shown[-1])) if more and shown else None)
