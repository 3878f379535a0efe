"""Customers of partners and their money movements: the figures a policy input needs."""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, Column, Date, DateTime, ForeignKey, Index, Table, Text, text
from sqlalchemy.dialects.postgresql import JSONB

from adapters.persistence.schema.base import Money, created_at, metadata, serial_id

customers = Table(
    "customers",
    metadata,
    Column("id", Text, primary_key=True),
    Column("partner_id", Text, ForeignKey("partners.id"), nullable=False, index=True),
    Column("jurisdiction", Text, nullable=False),
    Column("date_of_birth", Date, nullable=False),
    Column("identity_verified", Boolean, nullable=False, server_default="false"),
    Column("self_excluded_until", Date, nullable=True),
    created_at(),
    Column("cool_off_until", DateTime(timezone=True), nullable=True),
    # deposit limits the customer chose, by window: {"30d": {"value": "500.00", "previous": "200.00",
    # "changed_at": "..."}}; the policy decides when a raised limit takes effect
    Column("deposit_limits", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
)

RUNNING_KINDS = ("deposit", "withdrawal", "stake", "return")  # the kinds of transaction, as stored

customer_transactions = Table(
    "customer_transactions",
    metadata,
    serial_id(),
    Column("customer_id", Text, ForeignKey("customers.id"), nullable=False),
    Column("kind", Text, nullable=False),
    Column("amount", Money, nullable=False),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("reference", Text, nullable=True),
    # running totals by kind of the customer's transactions up to this one, in (occurred_at, id) order
    # (migration 0007): a window's total is the difference of two of them, found by index
    *(Column(f"{kind}_to_date", Money, nullable=False, server_default=text("0")) for kind in RUNNING_KINDS),
    CheckConstraint("kind IN ('deposit', 'withdrawal', 'stake', 'return')", name="kind_known"),
    CheckConstraint("amount > 0", name="amount_positive"),
)
# activity windows (24 hours, 7 and 30 days) look up one customer's running totals at two moments
Index(
    "ix_customer_transactions_running",
    customer_transactions.c.customer_id,
    customer_transactions.c.occurred_at,
    customer_transactions.c.id,
)
