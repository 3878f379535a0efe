"""Predictions, edges, bankrolls with their double-entry ledger, tickets and idempotency keys."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    SmallInteger,
    Table,
    Text,
    Uuid,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from adapters.persistence.schema.base import (
    Line,
    Money,
    Price,
    created_at,
    metadata,
    serial_id,
    uuid_reference,
)

predictions = Table(
    "predictions",
    metadata,
    serial_id(),
    Column("model_id", ForeignKey("models.id"), nullable=False, index=True),
    uuid_reference("fixture_id", "fixtures.id"),
    Column("market", Text, nullable=False),
    Column("line", Line, nullable=True),
    Column("selection", Text, nullable=False),
    Column("probability", Float, nullable=False),
    created_at(),
    CheckConstraint("probability >= 0 AND probability <= 1", name="probability_range"),
)
Index(
    "uq_predictions_identity",
    *(predictions.c[name] for name in ("model_id", "fixture_id", "market", "line", "selection")),
    unique=True,
    postgresql_nulls_not_distinct=True,
)

edges = Table(
    "edges",
    metadata,
    serial_id(),
    Column("prediction_id", ForeignKey("predictions.id"), nullable=True, index=True),
    uuid_reference("fixture_id", "fixtures.id"),
    Column("market", Text, nullable=False),
    Column("line", Line, nullable=True),
    Column("selection", Text, nullable=False),
    Column("bookmaker", Text, nullable=False),
    Column("price", Price, nullable=False),
    Column("probability", Float, nullable=False),
    Column("edge", Float, nullable=True),  # against the de-vigged market; unknown when none prices it whole
    Column("kelly_fraction", Float, nullable=True),
    created_at(),
    Column("captured_at", DateTime(timezone=True), nullable=True),  # of the best price (migration 0003)
    Column("expected_value", Float, nullable=True),  # probability × price − 1
)
Index(
    "uq_edges_identity",
    *(edges.c[name] for name in ("prediction_id", "bookmaker", "price", "captured_at")),
    unique=True,
    postgresql_nulls_not_distinct=True,
    postgresql_where=edges.c.prediction_id.is_not(None),
)

bankrolls = Table(
    "bankrolls",
    metadata,
    Column("id", Text, primary_key=True),
    Column("partner_id", Text, ForeignKey("partners.id"), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("currency", Text, nullable=False),
    Column("starting_balance", Money, nullable=False),
    Column("available", Money, nullable=False),
    Column("at_risk", Money, nullable=False),
    created_at(),
    # the bankroll's risk rules (domain.risk), by rule: {"max_exposure_per_fixture": "30.00", ...}
    Column("risk", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    Column("peak_balance", Money, nullable=False),  # the highest balance so far (MaxDrawdown)
    # payouts less stakes of every settled ticket (stop-loss and take-profit since opening; migration 0007)
    Column("realised_profit", Money, nullable=False, server_default=text("0")),
)

# the running figures the risk rules read, kept with each posting (migration 0007): the stake at risk per
# fixture and per betting day (UTC) of the tickets still open, the realised profit per day of settlement
bankroll_fixture_exposure = Table(
    "bankroll_fixture_exposure",
    metadata,
    Column("bankroll_id", Text, ForeignKey("bankrolls.id"), primary_key=True),
    Column("fixture_id", Text, primary_key=True),
    Column("amount", Money, nullable=False),
)
bankroll_day_exposure = Table(
    "bankroll_day_exposure",
    metadata,
    Column("bankroll_id", Text, ForeignKey("bankrolls.id"), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("amount", Money, nullable=False),
)
bankroll_daily_profit = Table(
    "bankroll_daily_profit",
    metadata,
    Column("bankroll_id", Text, ForeignKey("bankrolls.id"), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("profit", Money, nullable=False),
)

# double entry: the entries of one posting (one reference) sum to zero across accounts
ledger_entries = Table(
    "ledger_entries",
    metadata,
    Column("id", Text, primary_key=True),
    Column("bankroll_id", Text, ForeignKey("bankrolls.id"), nullable=False),
    Column("reference", Text, nullable=False, index=True),
    Column("description", Text, nullable=False),
    Column("account", Text, nullable=False),
    Column("amount", Money, nullable=False),
    Column("posted_at", DateTime(timezone=True), nullable=False),
)
Index("ix_ledger_entries_bankroll_posted", ledger_entries.c.bankroll_id, ledger_entries.c.posted_at)

tickets = Table(
    "tickets",
    metadata,
    Column("id", Text, primary_key=True),
    Column("partner_id", Text, ForeignKey("partners.id"), nullable=False),
    Column("customer_id", Text, ForeignKey("customers.id"), nullable=False, index=True),
    Column("bankroll_id", Text, ForeignKey("bankrolls.id"), nullable=False, index=True),
    Column("status", Text, nullable=False),
    Column("stake", Money, nullable=False),
    Column("combined_odds", Price, nullable=False),
    Column("policy_decision_id", Text, ForeignKey("policy_decisions.id"), nullable=False, index=True),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("payout", Money, nullable=True),
    Column("settled_at", DateTime(timezone=True), nullable=True),
    Column("review_reason", Text, nullable=True),  # why settlement set it aside (status needs_review)
    CheckConstraint("stake > 0", name="stake_positive"),
)
Index("ix_tickets_partner_issued", tickets.c.partner_id, tickets.c.issued_at)

ticket_legs = Table(
    "ticket_legs",
    metadata,
    Column("ticket_id", Text, ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True),
    Column("position", SmallInteger, primary_key=True),
    Column("fixture_id", Text, nullable=False, index=True),  # the domain's fixture reference, as given
    Column("competition", Text, nullable=False),
    Column("market", Text, nullable=False),
    Column("line", Line, nullable=True),
    Column("selection", Text, nullable=False),
    Column("bookmaker", Text, nullable=False),
    Column("price", Price, nullable=False),
    Column("correlation_group", Text, nullable=True),
    Column("in_play", Boolean, nullable=False, server_default="false"),
    Column("outcome", Text, nullable=True),
    # lineage: the price-book entry the leg was checked against (its bookmaker is the leg's) and, when the
    # leg came from a stakewise quote, the model's version, probability and edge
    Column("book_price", Price, nullable=True),
    Column("book_captured_at", DateTime(timezone=True), nullable=True),
    Column("book_batch_id", Uuid, nullable=True),
    Column("model_version", Text, nullable=True),
    Column("model_probability", Float, nullable=True),
    Column("model_edge", Float, nullable=True),
    CheckConstraint("price > 1", name="price_above_one"),
)

# a retried request with the same key gets the first request's ticket, never a second one
idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("partner_id", Text, primary_key=True),
    Column("key", Text, primary_key=True),
    Column("fingerprint", Text, nullable=False),
    Column("ticket_id", Text, nullable=True),
    created_at(),
)

# Idempotency-Key of requests other than tickets (payments, customer registration): the first response
idempotent_requests = Table(
    "idempotent_requests",
    metadata,
    Column("partner_id", Text, primary_key=True),
    Column("scope", Text, primary_key=True),
    Column("key", Text, primary_key=True),
    Column("fingerprint", Text, nullable=False),
    Column("response", JSONB, nullable=True),
    created_at(),
)
