"""Reading fields of a JSON object with a reason code when one is missing or malformed."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from application.pipeline.silver import RowProblem


def text_field(item: dict[str, Any], name: str) -> str:
    value = item.get(name)
    if not isinstance(value, str) or not value.strip():
        raise RowProblem("missing_field", f"{name} is missing or not text")
    return value.strip()


def optional_text(item: dict[str, Any], name: str) -> str | None:
    value = item.get(name)
    return value.strip() if isinstance(value, str) and value.strip() else None


def timestamp_field(item: dict[str, Any], name: str) -> datetime:
    text = text_field(item, name)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise RowProblem("invalid_date", f"{name} {text!r} is not an ISO 8601 timestamp") from None
    if moment.tzinfo is None:
        raise RowProblem("invalid_date", f"{name} {text!r} has no time zone")
    return moment.astimezone(UTC)


def date_field(item: dict[str, Any], name: str) -> date:
    text = text_field(item, name)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise RowProblem("invalid_date", f"{name} {text!r} is not a date (YYYY-MM-DD)") from None


def decimal_odds(value: object, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise RowProblem("invalid_odds", f"{what} price {value!r} is not a number")
    try:
        price = Decimal(str(value))
    except InvalidOperation:
        raise RowProblem("invalid_odds", f"{what} price {value!r} is not a number") from None
    if not price.is_finite() or price <= 1:
        raise RowProblem("invalid_odds", f"{what} price {value!r}: decimal odds must be above 1")
    return price


def season_of(day: date) -> str:
    """European seasons run from July to June."""
    start = day.year if day.month >= 7 else day.year - 1
    return f"{start}-{start + 1}"
