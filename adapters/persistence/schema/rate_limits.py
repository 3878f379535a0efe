"""Request counters of the API's rate limits, shared by every worker (migration e15; UNLOGGED)."""

from __future__ import annotations

from sqlalchemy import Column, Float, Integer, Table, Text

from adapters.persistence.schema.base import metadata

rate_limit_hits = Table(
    "rate_limit_hits",
    metadata,
    Column("bucket", Text, primary_key=True),  # "key:<key id>" or "auth-failures:<client address>"
    Column("window_end", Float(precision=53), nullable=False),  # epoch seconds the window ends at
    Column("hits", Integer, nullable=False),
    prefixes=["UNLOGGED"],
)
