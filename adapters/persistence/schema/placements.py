"""Placements of tickets with bookmakers, the paper bookmaker's own order log, bookmaker limits, alerts."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, DateTime, ForeignKey, Index, Table, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB

from adapters.persistence.schema.base import Money, Price, created_at, metadata, serial_id

# stakewise's side: what each bookmaker answered for a ticket (a pending answer is replaced by the final one)
placements = Table(
    "placements",
    metadata,
    Column("ticket_id", Text, ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True),
    Column("bookmaker", Text, primary_key=True),
    Column("status", Text, nullable=False),
    Column("reason", Text, nullable=True),
    Column("detail", Text, nullable=False, server_default=""),
    Column("requested_stake", Money, nullable=False),
    Column("matched_stake", Money, nullable=False),
    Column("accepted_odds", Price, nullable=True),
    Column("leg_odds", JSONB, nullable=False),  # accepted odds per leg, as strings
    Column("commission", Money, nullable=False),
    Column("bet_ref", Text, nullable=True),
    Column("placed_at", DateTime(timezone=True), nullable=True),
    created_at(),
    CheckConstraint("matched_stake >= 0 AND matched_stake <= requested_stake", name="matched_within_stake"),
)

# the paper bookmaker's side: its book of bets, one per client reference (what makes placing exactly once)
paper_orders = Table(
    "paper_orders",
    metadata,
    Column("bet_ref", Text, primary_key=True),
    Column("bookmaker", Text, nullable=False),
    Column("client_ref", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("reason", Text, nullable=True),
    Column("detail", Text, nullable=False, server_default=""),
    Column("requested_stake", Money, nullable=False),
    Column("matched_stake", Money, nullable=False),
    Column("leg_odds", JSONB, nullable=False),
    Column("commission", Money, nullable=False),
    Column("placed_at", DateTime(timezone=True), nullable=True),
    created_at(),
    UniqueConstraint("bookmaker", "client_ref", name="uq_paper_orders_client_ref"),
)

# limits are data: every change of a bookmaker's maximum stake per selection is a row
bookmaker_limit_changes = Table(
    "bookmaker_limit_changes",
    metadata,
    serial_id(),
    Column("bookmaker", Text, nullable=False),
    Column("previous", Money, nullable=True),
    Column("current", Money, nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
)
Index(
    "ix_bookmaker_limit_changes_bookmaker", bookmaker_limit_changes.c.bookmaker, bookmaker_limit_changes.c.id
)

alerts = Table(
    "alerts",
    metadata,
    serial_id(),
    Column("kind", Text, nullable=False),
    Column("key", Text, nullable=False),  # what makes two alerts the same one: raised once
    Column("subject", Text, nullable=False),
    Column("message", Text, nullable=False),
    Column("details", JSONB, nullable=False),
    Column("raised_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("key", name="uq_alerts_key"),
)
Index("ix_alerts_raised", alerts.c.raised_at, alerts.c.id)
