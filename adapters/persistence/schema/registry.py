"""The model registry: every trained model with its parameters, data versions, metrics and stage."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKeyConstraint,
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
    Column("artefact_sha256", Text, nullable=True),
    Column("stage", Text, nullable=False, server_default="challenger"),
    created_at(),
    Column("stage_changed_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("name", "version", name="uq_models_name_version"),
    CheckConstraint("stage IN ('challenger', 'champion', 'retired')", name="stage_known"),
)
# at most one champion per model name
Index("uq_models_one_champion", models.c.name, unique=True, postgresql_where=text("stage = 'champion'"))

# the champion/challenger rule applied once: promoted or not, with the evidence
model_decisions = Table(
    "model_decisions",
    metadata,
    serial_id(),
    Column("name", Text, nullable=False, index=True),
    Column("challenger_version", Integer, nullable=False),
    Column("champion_version", Integer, nullable=True),
    Column("promoted", Boolean, nullable=False),
    Column("reason", Text, nullable=False),
    Column("metric", Text, nullable=False),
    Column("challenger_score", Float, nullable=True),
    Column("champion_score", Float, nullable=True),
    Column("margin", Float, nullable=False),
    Column("seasons", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Column("n_matches", Integer, nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=False),
    ForeignKeyConstraint(["name", "challenger_version"], ["models.name", "models.version"]),
)
