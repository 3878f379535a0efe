"""stakewise's PostgreSQL schema as SQLAlchemy Core tables (the domain stays free of any ORM)."""

from __future__ import annotations

from adapters.persistence.schema import access, backtests, betting, compliance, customers, pipeline, registry
from adapters.persistence.schema.base import metadata

__all__ = ["access", "backtests", "betting", "compliance", "customers", "metadata", "pipeline", "registry"]
from adapters.persistence.schema import placements, rate_limits

__all__ = [
    "access",
    "betting",
    "compliance",
    "customers",
    "metadata",
    "pipeline",
    "placements",
    "rate_limits",
    "registry",
]
