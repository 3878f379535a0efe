"""Persistence turns the drivers' errors into the application's StorageUnavailable (one list); the HTTP
adapter maps only application errors: StorageUnavailable answers 503 naming the database."""

from __future__ import annotations

import asyncpg
import pytest
import sqlalchemy.exc

from adapters.http.problems import exception_handlers
from adapters.persistence.errors import translated
from application.errors import ServiceUnavailable, StorageUnavailable


class _Timeout(Exception):
    sqlstate = "55P03"


async def test_a_lost_connection_becomes_storage_unavailable_naming_the_database() -> None:
    with pytest.raises(StorageUnavailable) as raised:
        async with translated():
            raise asyncpg.exceptions.ConnectionDoesNotExistError("gone")
    assert isinstance(raised.value, ServiceUnavailable)
    assert raised.value.component == "database"
    assert str(raised.value) == "database unavailable: ConnectionDoesNotExistError"


async def test_a_lock_wait_time_out_keeps_its_message() -> None:
    wrapped = sqlalchemy.exc.DBAPIError("SELECT 1", None, _Timeout(), connection_invalidated=False)
    with pytest.raises(StorageUnavailable, match=r"^database: lock wait timed out$"):
        async with translated():
            raise wrapped


async def test_a_constraint_violation_is_not_an_outage() -> None:
    with pytest.raises(sqlalchemy.exc.IntegrityError):
        async with translated():
            raise sqlalchemy.exc.IntegrityError("INSERT", None, Exception("duplicate key"))


def test_http_maps_storage_unavailable_as_a_service_unavailable() -> None:
    handlers = exception_handlers()
    assert ServiceUnavailable in handlers
    assert issubclass(StorageUnavailable, ServiceUnavailable)
    assert not any(kind.__module__.startswith(("sqlalchemy", "asyncpg")) for kind in handlers)
