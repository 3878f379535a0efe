"""A customer's cool-off end must be an instant the policies can compare (OPA covers 1677-2262)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from domain.customers import EARLIEST_INSTANT, LATEST_INSTANT, Customer, CustomerChange
from domain.errors import DomainError

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def _customer(**fields: object) -> Customer:
    return Customer("c1", "p1", "GB", date(1985, 3, 2), **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "until", [EARLIEST_INSTANT, NOW, LATEST_INSTANT - timedelta(microseconds=1)], ids=["first", "now", "last"]
)
def test_a_cool_off_inside_the_span_is_kept(until: datetime) -> None:
    assert _customer().changed(CustomerChange(cool_off_until=until), NOW).cool_off_until == until


@pytest.mark.parametrize(
    "until",
    [EARLIEST_INSTANT - timedelta(microseconds=1), LATEST_INSTANT, datetime(9999, 12, 31, tzinfo=UTC)],
    ids=["before", "at-the-end", "year-9999"],
)
def test_a_cool_off_outside_the_span_is_refused_by_name(until: datetime) -> None:
    with pytest.raises(DomainError, match=r"invalid cool_off_until .*between 1900-01-01 and 2200-01-01"):
        _customer().changed(CustomerChange(cool_off_until=until), NOW)
    with pytest.raises(DomainError, match="invalid cool_off_until"):
        _customer(cool_off_until=until)


def test_a_cool_off_without_a_time_zone_is_refused() -> None:
    with pytest.raises(DomainError, match="expected a date-time with a time zone"):
        _customer(cool_off_until=datetime(2027, 1, 1))  # noqa: DTZ001 - the naive instant under test
