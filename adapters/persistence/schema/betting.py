"""Predictions, edges, bankrolls with their double-entry ledger, tickets and idempotency keys."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB

from adapters.persistence.schema.base import Line, Money, Price, created_at, metadata, reference, serial_id

predictions = Table(
    "predictions",
    metadata,
    serial_id(),
    reference("model_id", "models.id"),
    reference("fixture_id", "fixtures.id"),
    Column("market", Text, nullable=False),
    Column("line", Line, nullable=True),
    Column("selection", Text, nullable=False),
    Column("probability", Float, nullable=False),
    created_at(),
    CheckConstraint("probability >= 0 AND probability <= 1", name="probability_range"),
)
Index(
    "uq_predictions_natural_key",
    predictions.c.model_id,
    predictions.c.fixture_id,
    predictions.c.market,
    predictions.c.line,
    predictions.c.selection,
    unique=True,
    postgresql_nulls_not_distinct=True,
)

edges = Table(
    "edges",
    metadata,
    serial_id(),
    reference("prediction_id", "predictions.id", nullable=True),
    reference("fixture_id", "fixtures.id"),
    Column("market", Text, nullable=False),
    Column("line", Line, nullable=True),
    Column("selection", Text, nullable=False),
    Column("bookmaker", Text, nullable=False),
    Column("price", Price, nullable=False),
    Column("probability", Float, nullable=False),
    Column("edge", Float, nullable=False),
    Column("kelly_fraction", Float, nullable=True),
    created_at(),
)

bankrolls = Table(
    "bankrolls",
    metadata,
    Column("id", Text, primary_key=True),
    Column("partner_id", Text, ForeignKey("partners.id"), nullable=True, index=True),
    Column("currency", Text, nullable=False, server_default="EUR"),
    created_at(),
)

# double entry: the entries of one posting (one reference) sum to zero across accounts
ledger_entries = Table(
    "ledger_entries",
    metadata,
    serial_id(),
    Column("bankroll_id", Text, ForeignKey("bankrolls.id"), nullable=False, index=True),
    Column("reference", Text, nullable=False, index=True),
    Column("description", Text, nullable=False),
    Column("account", Text, nullable=False),
    Column("amount", Money, nullable=False),
    created_at(),
)

tickets = Table(
    "tickets",
    metadata,
    Column("id", Text, primary_key=True),
    Column("partner_id", Text, ForeignKey("partners.id"), nullable=True, index=True),
    Column("customer_id", Text, ForeignKey("customers.id"), nullable=True, index=True),
    Column("bankroll_id", Text, ForeignKey("bankrolls.id"), nullable=True, index=True),
    Column("kind", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("stake", Money, nullable=False),
    Column("payout", Money, nullable=True),
    Column("jurisdiction", Text, nullable=True),
    Column("policy_decision_id", Text, ForeignKey("policy_decisions.id"), nullable=True),
    Column("idempotency_key", Text, nullable=True),
    created_at(),
    Column("updated_at", DateTime(timezone=True), nullable=True),
    Column("settled_at", DateTime(timezone=True), nullable=True),
    CheckConstraint("stake > 0", name="stake_positive"),
)

ticket_legs = Table(
    "ticket_legs",
    metadata,
    Column("ticket_id", Text, ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True),
    Column("position", SmallInteger, primary_key=True),
    Column("fixture_id", BigInteger, ForeignKey("fixtures.id"), nullable=False, index=True),
    Column("competition", Text, nullable=False),
    Column("market", Text, nullable=False),
    Column("line", Line, nullable=True),
    Column("selection", Text, nullable=False),
    Column("bookmaker", Text, nullable=False),
    Column("price", Price, nullable=False),
    Column("correlation_group", Text, nullable=True),
    Column("outcome", Text, nullable=True),
    CheckConstraint("price > 1", name="price_above_one"),
)

# a retried request with the same key gets the first response, never a second ticket
idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("scope", Text, primary_key=True),
    Column("key", Text, primary_key=True),
    Column("request_hash", Text, nullable=False),
    Column("status_code", Integer, nullable=True),
    Column("response", JSONB, nullable=True),
    created_at(),
    Column("expires_at", DateTime(timezone=True), nullable=True),
)
