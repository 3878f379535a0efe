"""Partners and API keys on PostgreSQL (only hashes of key secrets are stored)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from adapters.persistence.decision_records import PostgresAuditTrail
from adapters.persistence.driver import Driver, attributes
from adapters.persistence.engine import single_statements
from adapters.persistence.errors import translated
from adapters.persistence.schema.access import api_keys, partners
from domain.access import ApiKeyRecord, Partner, Role
from domain.errors import DomainError

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy.ext.asyncio import AsyncEngine

    from application.ports.audit_anchor import AuditAnchor

KEY_CREATED, KEY_REVOKED = "api_key.created", "api_key.revoked"


class PostgresAccessRepository:
    """Key creation and revocation are chained in the audit log in the same transaction."""

    def __init__(self, engine: AsyncEngine, anchor: AuditAnchor | None = None) -> None:
        self._engine = engine
        self._single = single_statements(engine)
        self._anchor = anchor

    async def add_partner(self, partner: Partner) -> None:
        row = {"id": partner.partner_id, "name": partner.name, "created_at": partner.created_at}
        try:
            async with translated(), self._engine.begin() as connection:
                await connection.execute(insert(partners).values(row))
        except IntegrityError as error:
            raise DomainError(
                f"invalid partner name {partner.name!r}: a partner of that name exists"
            ) from error

    async def partner(self, partner_id: str) -> Partner | None:
        async with translated(), self._single.connect() as connection:
            row = (await connection.execute(select(partners).where(partners.c.id == partner_id))).first()
        return None if row is None else Partner(row.id, row.name, row.created_at)

    async def partners(self) -> list[Partner]:
        query = select(partners).order_by(partners.c.created_at, partners.c.id)
        async with translated(), self._single.connect() as connection:
            rows = (await connection.execute(query)).all()
        return [Partner(row.id, row.name, row.created_at) for row in rows]

    async def add_key(self, key: ApiKeyRecord) -> None:
        row = {
            "key_id": key.key_id,
            "secret_hash": key.secret_hash,
            "role": key.role.value,
            "partner_id": key.partner_id,
            "created_at": key.created_at,
            "revoked_at": key.revoked_at,
            "expires_at": key.expires_at,
        }
        entry = {"key_id": key.key_id, "role": key.role.value, "partner_id": key.partner_id,
                 "at": key.created_at.isoformat(),
                 "expires_at": None if key.expires_at is None else key.expires_at.isoformat()}  # fmt: skip
        async with translated(), self._engine.begin() as connection:
            await connection.execute(insert(api_keys).values(row))
            trail = PostgresAuditTrail(connection, anchor=self._anchor)
            await trail.append_ref(KEY_CREATED, key.key_id, entry)
        trail.checkpoint()

    async def key(self, key_id: str) -> ApiKeyRecord | None:
        async with translated(), self._single.connect() as connection:
            row = await Driver(connection).fetchrow(API_KEY, key_id)
        return None if row is None else _key(attributes(row))

    async def keys(self, partner_id: str | None) -> list[ApiKeyRecord]:
        query = select(api_keys).order_by(api_keys.c.created_at, api_keys.c.key_id)
        if partner_id is not None:
            query = query.where(api_keys.c.partner_id == partner_id)
        async with translated(), self._single.connect() as connection:
            return [_key(row) for row in (await connection.execute(query)).all()]

    async def revoke_key(self, key_id: str, at: datetime) -> bool:
        statement = (
            update(api_keys)
            .where(api_keys.c.key_id == key_id, api_keys.c.revoked_at.is_(None))
            .values(revoked_at=at)
        )
        async with translated(), self._engine.begin() as connection:
            if (await connection.execute(statement)).rowcount != 1:
                return False
            trail = PostgresAuditTrail(connection, anchor=self._anchor)
            await trail.append_ref(KEY_REVOKED, key_id, {"key_id": key_id, "at": at.isoformat()})
        trail.checkpoint()
        return True


API_KEY = """
SELECT key_id, secret_hash, role, partner_id, created_at, revoked_at, expires_at FROM api_keys
WHERE key_id = $1::text
"""


def _key(row: Any) -> ApiKeyRecord:
    return ApiKeyRecord(
        row.key_id, row.secret_hash, Role(row.role), row.partner_id, row.created_at, row.revoked_at,
        row.expires_at,
    )  # fmt: skip
