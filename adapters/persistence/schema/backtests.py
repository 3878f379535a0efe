"""Backtests: each run of `stakewise backtest --store`, its headline figures and its whole report document."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Float, Index, Integer, Table, Text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from adapters.persistence.schema.base import metadata

backtests = Table(
    "backtests",
    metadata,
    Column("backtest_id", Text, primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("leagues", ARRAY(Text), nullable=False),
    Column("first_season", Text, nullable=False),
    Column("last_season", Text, nullable=False),
    Column("strategy", Text, nullable=False),
    Column("staking", Text, nullable=False),
    Column("bets", Integer, nullable=False),
    Column("roi", Float, nullable=True),
    Column("clv_mean", Float, nullable=True),
    Column("clv_positive_share", Float, nullable=True),
    Column("document", JSONB, nullable=False),
    Index("ix_backtests_strategy_created_at", "strategy", "created_at"),
)
