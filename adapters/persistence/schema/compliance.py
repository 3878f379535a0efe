"""Policy decisions (input, bundle hash, result, reasons) and the append-only, hash-chained audit log."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Table, Text, text
from sqlalchemy.dialects.postgresql import JSONB

from adapters.persistence.schema.base import created_at, metadata

policy_decisions = Table(
    "policy_decisions",
    metadata,
    Column("id", Text, primary_key=True),
    created_at(),
    Column("jurisdiction", Text, nullable=True),
    Column("input", JSONB, nullable=False),
    Column("result", JSONB, nullable=True),
    Column("allow", Boolean, nullable=False),
    Column("reasons", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Column("bundle_hash", Text, nullable=True),
)

# each row carries the hash of the previous one, so an auditor can verify the chain
audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=True),  # BIGSERIAL
    created_at(),
    Column("kind", Text, nullable=False),
    Column("ref", Text, nullable=True),
    Column("payload", JSONB, nullable=True),
    Column("prev_hash", Text, nullable=True),
    Column("hash", Text, nullable=False),
)
