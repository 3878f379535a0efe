"""Customers of partners and their money movements: the figures a policy input needs."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Table,
    Text,
    UniqueConstraint,
)

from adapters.persistence.schema.base import Money, created_at, metadata, serial_id

customers = Table(
    "customers",
    metadata,
    Column("id", Text, primary_key=True),
    Column("partner_id", Text, ForeignKey("partners.id"), nullable=False, index=True),
    Column("external_ref", Text, nullable=True),
    Column("jurisdiction", Text, nullable=False),
    Column("date_of_birth", Date, nullable=False),
    Column("identity_verified", Boolean, nullable=False, server_default="false"),
    Column("self_excluded_until", DateTime(timezone=True), nullable=True),
    created_at(),
    UniqueConstraint("partner_id", "external_ref", name="uq_customers_partner_ref"),
)

customer_transactions = Table(
    "customer_transactions",
    metadata,
    serial_id(),
    Column("customer_id", Text, ForeignKey("customers.id"), nullable=False, index=True),
    Column("kind", Text, nullable=False),
    Column("amount", Money, nullable=False),
    Column("currency", Text, nullable=False),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("ticket_id", Text, nullable=True),
    Column("reference", Text, nullable=True),
    CheckConstraint("kind IN ('deposit', 'withdrawal', 'stake', 'return')", name="kind_known"),
    CheckConstraint("amount >= 0", name="amount_non_negative"),
)
