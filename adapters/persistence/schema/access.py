"""Partners and their API keys (only hashes of the secrets are stored)."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, DateTime, ForeignKey, Table, Text

from adapters.persistence.schema.base import created_at, metadata

partners = Table(
    "partners",
    metadata,
    Column("id", Text, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    created_at(),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("key_id", Text, primary_key=True),
    Column("secret_hash", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("partner_id", Text, ForeignKey("partners.id"), nullable=True, index=True),
    created_at(),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Column("expires_at", DateTime(timezone=True), nullable=True),
    CheckConstraint("role IN ('partner', 'quant', 'auditor', 'admin')", name="role_known"),
    CheckConstraint("role <> 'partner' OR partner_id IS NOT NULL", name="partner_key_has_partner"),
)
