"""The one MetaData of stakewise's schema, with constraint names Alembic can rely on, and shared columns."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, ForeignKey, Identity, MetaData, Numeric, Uuid, func

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

# Money and prices are exact: NUMERIC without a fixed scale keeps every Decimal as given.
Money = Numeric(asdecimal=True)
Price = Numeric(asdecimal=True)
Line = Numeric(6, 2, asdecimal=True)


def serial_id() -> Column[int]:
    return Column("id", BigInteger, Identity(always=False), primary_key=True)


def created_at() -> Column[object]:
    return Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now())


def uuid_reference(
    name: str, target: str, *, nullable: bool = False, on_delete: str | None = None
) -> Column[object]:
    return Column(name, Uuid, ForeignKey(target, ondelete=on_delete), nullable=nullable, index=True)
