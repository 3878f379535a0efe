"""The model registry: every trained model with its parameters, data versions, metrics and stage."""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from adapters.persistence.schema.base import created_at, metadata, serial_id

models = Table(
    "models",
    metadata,
    serial_id(),
    Column("name", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("parameters", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    Column("training_data_versions", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Column("metrics", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    Column("artefact", LargeBinary, nullable=True),
    Column("stage", Text, nullable=False, server_default="challenger"),
    created_at(),
    Column("stage_changed_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("name", "version", name="uq_models_name_version"),
    CheckConstraint("stage IN ('challenger', 'champion', 'retired')", name="stage_known"),
)
# at most one champion per model name
Index("uq_models_one_champion", models.c.name, unique=True, postgresql_where=text("stage = 'champion'"))
