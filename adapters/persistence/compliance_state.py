"""Compliance state on PostgreSQL: Idempotency-Key claims of payments and registrations, the competition
catalogue's facts for a ticket's legs, and the JSON forms of customers' deposit limits and bankroll risk."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from adapters.persistence.driver import Driver, Record
from adapters.persistence.schema.betting import idempotent_requests
from application.ports.competition_facts import CompetitionFacts
from application.ports.request_idempotency import EarlierRequest
from domain.customers import DepositLimit
from domain.risk import RISK_SETTINGS, RiskSettings

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from sqlalchemy.ext.asyncio import AsyncConnection


class PostgresRequestIdempotency:
    def __init__(self, connection: AsyncConnection) -> None:
        self._c = connection

    async def claim(self, partner_id: str, scope: str, key: str, fingerprint: str) -> EarlierRequest | None:
        r = idempotent_requests
        claimed = await self._c.execute(
            pg_insert(r)
            .values(partner_id=partner_id, scope=scope, key=key, fingerprint=fingerprint)
            .on_conflict_do_nothing()
            .returning(r.c.key)
        )
        if claimed.first() is not None:
            return None
        row = (
            await self._c.execute(
                select(r).where(r.c.partner_id == partner_id, r.c.scope == scope, r.c.key == key)
            )
        ).first()
        if row is None:  # released meanwhile: claim it again
            return await self.claim(partner_id, scope, key, fingerprint)
        return EarlierRequest(row.fingerprint, row.response)

    async def complete(self, partner_id: str, scope: str, key: str, response: dict[str, Any]) -> None:
        r = idempotent_requests
        await self._c.execute(
            r.update()
            .where(r.c.partner_id == partner_id, r.c.scope == scope, r.c.key == key)
            .values(response=response)
        )

    async def release(self, partner_id: str, scope: str, key: str) -> None:
        r = idempotent_requests
        await self._c.execute(
            r.delete().where(r.c.partner_id == partner_id, r.c.scope == scope, r.c.key == key)
        )


class PostgresCompetitionFacts:
    def __init__(self, connection: AsyncConnection) -> None:
        self._driver = Driver(connection)

    async def for_legs(self, legs: Sequence[tuple[str, str]]) -> list[CompetitionFacts | None]:
        """One query when every leg's fixture is stored (its competition's facts joined to it); the
        competitions given with unknown fixtures are read by a second one."""
        known = {fixture: _uuid(fixture) for fixture, _ in legs}
        ids = [value for value in known.values() if value is not None]
        stored: dict[str, str] = {}
        catalogue: dict[str, CompetitionFacts | None] = {}
        if ids:
            for row in await self._driver.fetch(FIXTURE_COMPETITIONS, ids):
                stored[str(row["id"])] = row["competition"]
                found = row["code"] is not None
                catalogue[row["competition"]] = _facts(row) if found else None
        codes = [stored.get(str(known[fixture]), competition) for fixture, competition in legs]
        missing = {code for code in codes if code not in catalogue}
        if missing:
            for row in await self._driver.fetch(COMPETITIONS, sorted(missing)):
                catalogue[row["code"]] = _facts(row)
        return [catalogue.get(code) for code in codes]


FIXTURE_COMPETITIONS = """
SELECT f.id, f.competition, c.code, c.youth, c.college, c.region
FROM fixtures AS f LEFT JOIN competitions AS c ON c.code = f.competition WHERE f.id = ANY($1::uuid[])
"""
COMPETITIONS = "SELECT code, youth, college, region FROM competitions WHERE code = ANY($1::text[])"


def _facts(row: Record) -> CompetitionFacts:
    return CompetitionFacts(row["code"], row["youth"], row["college"], row["region"])


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def deposit_limits_json(limits: Mapping[str, DepositLimit]) -> dict[str, Any]:
    return {
        window: {
            "value": _text(limit.value),
            "previous": _text(limit.previous),
            "changed_at": None if limit.changed_at is None else limit.changed_at.isoformat(),
        }
        for window, limit in limits.items()
    }


def deposit_limits_of(stored: Mapping[str, Any] | None) -> dict[str, DepositLimit]:
    return {
        window: DepositLimit(
            _amount(entry.get("value")),
            _amount(entry.get("previous")),
            None if entry.get("changed_at") is None else datetime.fromisoformat(entry["changed_at"]),
        )
        for window, entry in (stored or {}).items()
    }


def risk_json(risk: RiskSettings) -> dict[str, str]:
    return {name: str(value) for name, value in risk.as_dict().items() if value is not None}


def risk_of(stored: Mapping[str, Any] | None) -> RiskSettings:
    given = stored or {}
    return RiskSettings(**{name: _amount(given.get(name)) for name in RISK_SETTINGS})


def _text(amount: Decimal | None) -> str | None:
    return None if amount is None else str(amount)


def _amount(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))
